// What every message's layout shares: the business's colours (header and buttons) and its own
// wording of a message, when it has one. An override is plain text: its placeholders are filled
// with plain values and the whole goes through hono/html's escaping like any other value, and it
// only replaces the subject and the opening paragraphs — the facts, the links and the calendar
// file stay the layout's, so an override can neither drop nor forge a link.
import { brandColors, fillPlaceholders, type BrandColors, type NotificationTemplateMessage } from '@arrivo/core';
import { html } from 'hono/html';
import type { BusinessBrand } from './templates';

/** A business's wording of one message in the message's language (null: the built-in part). */
export interface Wording {
  subject: string | null;
  body: string | null;
}

const DEFAULT_COLORS = brandColors({ brandColor: null, brandTextColor: null });
const colorsOf = (b: BusinessBrand): BrandColors => b.colors ?? DEFAULT_COLORS;

/** "a\n\nb" → ["a", "b"]: a blank line starts a paragraph; single line breaks stay inside one. */
function paragraphs(s: string): string[] {
  return s
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * The subject and opening paragraphs of `message`: the business's override where it has one,
 * filled with `values`, else the built-in wording.
 */
export function worded(
  b: BusinessBrand,
  message: NotificationTemplateMessage,
  builtIn: { subject: string; intro: string[] },
  values: Partial<Record<string, string>>,
): { subject: string; intro: string[] } {
  const o = b.wording?.[message];
  // A subject is one line whatever a value holds.
  const subject = o?.subject ? fillPlaceholders(o.subject, values).replace(/\s+/g, ' ').trim() : '';
  const intro = o?.body ? paragraphs(fillPlaceholders(o.body, values)) : [];
  return { subject: subject || builtIn.subject, intro: intro.length ? intro : builtIn.intro };
}

/** Paragraphs as text: separated by a blank line. */
export const introText = (intro: string[]): string[] => intro.flatMap((p, i) => (i ? ['', p] : [p]));

/** Paragraphs as HTML, escaped, line breaks kept. */
export const introHtml = (intro: string[]) => intro.map((p) => html`<p>${p.split('\n').map((line, i) => (i ? [html`<br />`, line] : line))}</p>`);

/** The business's name on its colour, atop every message. */
export function brandHeader(b: BusinessBrand) {
  const c = colorsOf(b);
  return html`<div style="background:${c.background};color:${c.text};padding:12px 16px;font-size:18px;font-weight:bold">${b.name}</div>`;
}

/** A link as a button in the business's colours. */
export function brandButton(b: BusinessBrand, link: { href: string; label: string }) {
  const c = colorsOf(b);
  return html`<p><a href="${link.href}" style="display:inline-block;background:${c.background};color:${c.text};padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:bold">${link.label}</a></p>`;
}
