import { html } from 'hono/html';
import type { MailMessage } from './mailer';

export interface BusinessBrand {
  name: string;
  phone: string | null;
}

const footer = (b: BusinessBrand) => (b.phone ? `\n\nQuestions? Call ${b.name} at ${b.phone}.` : '');

export function invitationEmail(input: {
  to: string;
  firstName: string;
  business: BusinessBrand;
  code: string;
  portalUrl: string;
  expiresAt: Date;
  timeZone: string;
}): MailMessage {
  const { business } = input;
  // The code rides in the fragment: it prefills the Redeem tab and never reaches a server log.
  const link = `${input.portalUrl}#arrivo-redeem=${encodeURIComponent(input.code)}`;
  // With the zone ("June 8, 2026 at 3:00 PM PDT"): the reader may be elsewhere than the business.
  const expires = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: input.timeZone,
  }).format(input.expiresAt);
  const text =
    `Hi ${input.firstName},\n\n` +
    `${business.name} invites you to book and manage your service visits online.\n\n` +
    `1. Open ${link}\n` +
    `2. Choose "Redeem invitation" and enter your code: ${input.code}\n` +
    `3. Create your password, and you're in.\n\n` +
    `The code works once and expires on ${expires}.` +
    footer(business);
  const body = html`<p>Hi ${input.firstName},</p>
    <p>${business.name} invites you to book and manage your service visits online.</p>
    <p><a href="${link}">Open online booking</a>, choose <strong>Redeem invitation</strong> and enter your code:</p>
    <p style="font-size:20px;font-family:monospace;letter-spacing:1px"><strong>${input.code}</strong></p>
    <p>The code works once and expires on ${expires}.</p>`;
  return { to: input.to, subject: `Your invitation to book online with ${business.name}`, text, html: String(body) };
}

export function passwordResetEmail(input: { to: string; business: BusinessBrand; link: string }): MailMessage {
  const text =
    `Someone asked to reset the password of your ${input.business.name} online booking account.\n\n` +
    `Choose a new password here (the link works for one hour):\n${input.link}\n\n` +
    `If it wasn't you, ignore this email: your password stays as it is.` +
    footer(input.business);
  const body = html`<p>Someone asked to reset the password of your ${input.business.name} online booking account.</p>
    <p><a href="${input.link}">Choose a new password</a> (the link works for one hour).</p>
    <p>If it wasn't you, ignore this email: your password stays as it is.</p>`;
  return { to: input.to, subject: `Reset your ${input.business.name} booking password`, text, html: String(body) };
}
