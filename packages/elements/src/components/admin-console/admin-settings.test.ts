// The admin console's settings in Chromium against the real API (the demo business), one tab at a
// time: what is saved reaches the API, what the API refuses is said beside the field with what was
// typed kept, a draft wording is previewed before saving, and every tab is axe clean. Each test
// puts back what it changed (other test files share the demo business).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, forgetSessions, signIn } from '../../test-support';

const ALEX = 'alex@rosecity.example'; // admin

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const inner = (el: Element | null | undefined, tag: string) => (el?.shadowRoot?.querySelector(tag) as LitElement | null | undefined) ?? null;
const $ = <T extends Element = HTMLElement>(el: Element, s: string) => el.shadowRoot!.querySelector<T>(s);

async function openTab(tab: string, tag: string, ready: string, locale = '') {
  const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS} locale=${locale}></arrivo-admin-console>`);
  el.shadowRoot!.querySelector<HTMLButtonElement>('[data-section="settings"]')!.click();
  await waitUntil(() => inner(el, 'arrivo-admin-settings')?.shadowRoot?.querySelector(`[data-tab="${tab}"]`), 'settings never loaded', { timeout: 8000 });
  const settings = inner(el, 'arrivo-admin-settings')!;
  settings.shadowRoot!.querySelector<HTMLButtonElement>(`[data-tab="${tab}"]`)!.click();
  await waitUntil(() => inner(settings, tag)?.shadowRoot?.querySelector(ready), `${tag} never loaded`, { timeout: 8000 });
  return { settings, screen: inner(settings, tag)! };
}

function fill(root: ParentNode, selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function staff(token: string, path: string, init: { method?: string; json?: unknown } = {}) {
  const res = await fetch(`${API}/businesses/${BUSINESS}/admin/${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.json ? { 'content-type': 'application/json' } : {}) },
    body: init.json ? JSON.stringify(init.json) : undefined,
  });
  return res.status === 204 ? undefined : res.json();
}

/** Submit a form and wait until it says something (an error or a confirmation). */
async function submit(screen: LitElement, form: string) {
  const root = screen.shadowRoot!;
  for (const p of root.querySelectorAll(`${form} [part~="error"], ${form} [part~="notice"]`)) p.remove();
  root.querySelector<HTMLFormElement>(form)!.requestSubmit();
  await waitUntil(() => root.querySelector(`${form} [part~="error"], ${form} [role="status"]`), `${form} said nothing`, { timeout: 8000 });
  await screen.updateComplete;
}

describe('<arrivo-admin-console> settings', () => {
  afterEach(() => forgetSessions());

  it('points to the tracking settings and keeps the invitation settings, refusing a bad value beside its field', async function () {
    this.timeout(30_000);
    await signIn(ALEX);
    const { settings, screen } = await openTab('invitations', 'arrivo-admin-invitation-settings', 'select[name="autoInvite"]');
    expect(text($(settings, '.hint'))).to.contain('Self-scheduling and embedding');
    const form = 'form[aria-labelledby="invitation-settings-title"]';
    fill(screen.shadowRoot!, 'input[name="invitationTtlHours"]', '5000');
    await submit(screen, form);
    expect(text($(screen, '#invitationTtlHours-error'))).to.contain('1 to 2160');
    expect($<HTMLInputElement>(screen, 'input[name="invitationTtlHours"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect($<HTMLInputElement>(screen, 'input[name="invitationTtlHours"]')!.value).to.equal('5000');
    await expect(screen).to.be.accessible();
  });

  it('switches messages, sets the reminder and the colours, refusing what the API refuses beside the field', async function () {
    this.timeout(30_000);
    const alex = await signIn(ALEX);
    const before = await staff(alex.token, 'settings/scheduling');
    const { screen } = await openTab('notifications', 'arrivo-admin-notification-settings', 'input[name="reminderLeadMinutes"]');
    const root = screen.shadowRoot!;
    const form = 'form[aria-labelledby="notification-settings-title"]';
    try {
      root.querySelector<HTMLInputElement>('input[name="arriving"]')!.click();
      fill(root, 'input[name="reminderLeadMinutes"]', '99999');
      await submit(screen, form);
      expect(text(root.querySelector('#reminderLeadMinutes-error'))).to.contain('0 to 20160');
      expect(root.querySelector<HTMLInputElement>('input[name="reminderLeadMinutes"]')!.value).to.equal('99999');
      expect(root.querySelector<HTMLInputElement>('input[name="arriving"]')!.checked).to.equal(false);

      fill(root, 'input[name="reminderLeadMinutes"]', '90');
      await submit(screen, form);
      expect(text(root.querySelector(`${form} [role="status"]`))).to.equal('Notification settings saved.');
      expect(root.querySelector('#reminderLeadMinutes-error')).to.equal(null);
      expect((await staff(alex.token, 'notification-settings')).arriving).to.equal(false);
      expect((await staff(alex.token, 'settings/scheduling')).reminderLeadMinutes).to.equal(90);

      // Grey text on the default blue: the server's contrast ratio, beside the field.
      const brand = 'form[aria-labelledby="branding-title"]';
      fill(root, 'input[name="brandTextColor"]', '#777777');
      await submit(screen, brand);
      expect(text(root.querySelector('#brandTextColor-error'))).to.match(/contrast of \d+(\.\d+)?:1/).and.contain('4.5:1');
      expect(root.querySelector<HTMLInputElement>('input[name="brandTextColor"]')!.value).to.equal('#777777');
      fill(root, 'input[name="brandTextColor"]', '');
      fill(root, 'input[name="brandColor"]', '#0f766e');
      await submit(screen, brand);
      const saved = await staff(alex.token, 'settings/branding');
      expect(saved.brandColor).to.equal('#0f766e');
      expect(text(root.querySelector('[data-contrast]'))).to.contain(`${saved.effective.contrast}:1`);
      await expect(screen).to.be.accessible();
    } finally {
      await staff(alex.token, 'notification-settings', { method: 'PATCH', json: { arriving: true } });
      await staff(alex.token, 'settings/scheduling', { method: 'PATCH', json: { reminderLeadMinutes: before.reminderLeadMinutes } });
      await staff(alex.token, 'settings/branding', { method: 'PATCH', json: { brandColor: null, brandTextColor: null } });
    }
  });

  it('previews a draft wording, names unknown placeholders beside the field, saves and resets it', async function () {
    this.timeout(30_000);
    const alex = await signIn(ALEX);
    const { screen } = await openTab('notifications', 'arrivo-admin-message-templates', 'select[name="message"]');
    const root = screen.shadowRoot!;
    try {
      const choose = async (name: string, value: string) => {
        const select = root.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        await screen.updateComplete;
      };
      await choose('message', 'canceled');
      await choose('language', 'es');
      expect(text(root.querySelector('[data-placeholders]'))).to.contain('{reason}').and.contain('{workOrder}');
      await waitUntil(() => root.querySelector('[data-preview="saved"]'), 'no preview of the saved message', { timeout: 8000 });

      fill(root, 'input[name="subject"]', 'Cita cancelada {workOrder}');
      fill(root, 'textarea[name="body"]', 'Hola {customerName}: {motivo}');
      root.querySelector<HTMLButtonElement>('[data-action="preview"]')!.click();
      await waitUntil(() => root.querySelector('#body-error'), 'unknown placeholder not named', { timeout: 8000 });
      expect(text(root.querySelector('#body-error'))).to.contain('{motivo}');
      expect(root.querySelector<HTMLTextAreaElement>('textarea[name="body"]')!.value).to.equal('Hola {customerName}: {motivo}');
      expect(root.querySelector('#subject-error')).to.equal(null);

      fill(root, 'textarea[name="body"]', 'Hola {customerName}: {reason}');
      root.querySelector<HTMLButtonElement>('[data-action="preview"]')!.click();
      await waitUntil(() => root.querySelector('[data-preview="draft"]'), 'no draft preview', { timeout: 8000 });
      expect(text(root.querySelector('[data-preview="draft"] [data-subject]'))).to.match(/^Cita cancelada \S+$/).and.not.contain('{');
      expect(root.querySelector<HTMLIFrameElement>('[data-preview="draft"] iframe')!.srcdoc).to.contain('Hola ');
      expect(root.querySelector('[data-preview="draft"] [data-text]')!.textContent).to.contain('Hola ');
      expect(root.querySelector('#body-error')).to.equal(null);
      // Not saved yet.
      expect((await staff(alex.token, 'notification-templates')).some((t: { message: string; language: string }) => t.message === 'canceled' && t.language === 'es')).to.equal(false);
      await expect(screen).to.be.accessible();

      root.querySelector<HTMLFormElement>('form[aria-labelledby="templates-title"]')!.requestSubmit();
      await waitUntil(() => root.querySelector('[data-action="reset"]'), 'not saved', { timeout: 8000 });
      await waitUntil(() => text(root.querySelector('[data-preview="saved"] [data-subject]')).startsWith('Cita cancelada'), 'saved preview not updated', { timeout: 8000 });
      const saved = (await staff(alex.token, 'notification-templates')).find((t: { message: string; language: string }) => t.message === 'canceled' && t.language === 'es');
      expect(saved).to.include({ subject: 'Cita cancelada {workOrder}', body: 'Hola {customerName}: {reason}' });

      root.querySelector<HTMLButtonElement>('[data-action="reset"]')!.click();
      await waitUntil(() => !root.querySelector('[data-action="reset"]'), 'not reset', { timeout: 8000 });
      expect(root.querySelector<HTMLInputElement>('input[name="subject"]')!.value).to.equal('');
      expect((await staff(alex.token, 'notification-templates')).some((t: { message: string; language: string }) => t.message === 'canceled' && t.language === 'es')).to.equal(false);
    } finally {
      await staff(alex.token, 'notification-templates/canceled/es', { method: 'DELETE' });
    }
  });

  it('edits the survey: on or off, a refused value beside its field, questions added, reordered and removed', async function () {
    this.timeout(30_000);
    const alex = await signIn(ALEX);
    const before = await staff(alex.token, 'survey-settings');
    const { screen } = await openTab('survey', 'arrivo-admin-survey-settings', 'input[name="linkTtlDays"]');
    const root = screen.shadowRoot!;
    const form = 'form[aria-labelledby="survey-title"]';
    try {
      // The demo's own questions come first; new ones are added after them.
      const n = before.questions.length as number;
      const q = (i: number, field: string) => `[name="q${n + i}-${field}"]`;
      // A choice question with one option and a link valid for 0 days: both said beside their field.
      root.querySelector<HTMLButtonElement>('[data-action="add-question"]')!.click();
      await screen.updateComplete;
      fill(root, q(0, 'label'), 'How did you hear of us?');
      fill(root, q(0, 'key'), 'heard');
      const kind = root.querySelector<HTMLSelectElement>(q(0, 'kind'))!;
      kind.value = 'choice';
      kind.dispatchEvent(new Event('change', { bubbles: true }));
      await screen.updateComplete;
      fill(root, q(0, 'options'), 'A friend');
      fill(root, 'input[name="linkTtlDays"]', '0');
      await submit(screen, form);
      expect(text(root.querySelector(`#q${n}-options-error`))).to.contain('2 to 10');
      expect(root.querySelector<HTMLTextAreaElement>(q(0, 'options'))!.value).to.equal('A friend');

      fill(root, q(0, 'options'), 'A friend\nThe web');
      await submit(screen, form);
      expect(text(root.querySelector('#linkTtlDays-error'))).to.contain('1 to 90');
      expect(root.querySelector<HTMLInputElement>('input[name="linkTtlDays"]')!.value).to.equal('0');

      // A rating question, moved above the choice question.
      fill(root, 'input[name="linkTtlDays"]', '21');
      root.querySelector<HTMLButtonElement>('[data-action="add-question"]')!.click();
      await screen.updateComplete;
      fill(root, q(1, 'label'), 'How tidy was the work?');
      fill(root, q(1, 'key'), 'neat');
      root.querySelector<HTMLButtonElement>(`[data-question="${n + 1}"] [data-action="up"]`)!.click();
      await screen.updateComplete;
      expect(root.querySelector<HTMLInputElement>(q(0, 'key'))!.value).to.equal('neat');
      await expect(screen).to.be.accessible();
      await submit(screen, form);
      expect(text(root.querySelector(`${form} [role="status"]`)), text(root.querySelector(`${form} [role="alert"]`)) + [...root.querySelectorAll('[part="field-error"]')].map((e) => e.id).join()).to.equal('Survey settings saved.');
      const saved = await staff(alex.token, 'survey-settings');
      expect(saved.linkTtlDays).to.equal(21);
      expect(saved.questions.slice(n)).to.deep.equal([
        { key: 'neat', label: 'How tidy was the work?', kind: 'rating', required: false },
        { key: 'heard', label: 'How did you hear of us?', kind: 'choice', required: false, options: ['A friend', 'The web'] },
      ]);
      expect(saved.questions.slice(0, n)).to.deep.equal(before.questions);

      // Removed again.
      root.querySelector<HTMLButtonElement>(`[data-question="${n}"] [data-action="remove"]`)!.click();
      await screen.updateComplete;
      await submit(screen, form);
      expect((await staff(alex.token, 'survey-settings')).questions.slice(n).map((x: { key: string }) => x.key)).to.deep.equal(['heard']);
    } finally {
      await staff(alex.token, 'survey-settings', { method: 'PATCH', json: { linkTtlDays: before.linkTtlDays, questions: before.questions } });
    }
  });

  it('lists the installed plugins and saves a plugin’s settings, naming what its schema refuses beside them', async function () {
    this.timeout(30_000);
    const alex = await signIn(ALEX);
    const { screen } = await openTab('plugins', 'arrivo-admin-plugins', '[data-plugin="holidays"]');
    const root = screen.shadowRoot!;
    const form = 'form[data-plugin="holidays"]';
    try {
      expect(root.querySelector('[data-plugin="ev-charger"]')).to.exist;
      fill(root, `${form} textarea[name="settings"]`, '{"country": "US"');
      await submit(screen, form);
      expect(text(root.querySelector('#holidays-settings-error'))).to.contain('JSON object');

      fill(root, `${form} textarea[name="settings"]`, '{"country": "XX"}');
      await submit(screen, form);
      expect(text(root.querySelector('#holidays-settings-error'))).to.contain('country');
      expect(root.querySelector<HTMLTextAreaElement>(`${form} textarea[name="settings"]`)!.value).to.equal('{"country": "XX"}');

      // Saved while it stays off (switched on, it would close the demo on US holidays for other tests).
      fill(root, `${form} textarea[name="settings"]`, '{"country": "US", "state": "OR"}');
      await submit(screen, form);
      expect(text(root.querySelector(`${form} [role="status"]`))).to.contain('holidays is off');
      const holidays = (await staff(alex.token, 'plugins')).find((p: { id: string }) => p.id === 'holidays');
      expect(holidays).to.deep.include({ enabled: false });
      expect(holidays.settings).to.include({ country: 'US', state: 'OR' });
      await expect(screen).to.be.accessible();
    } finally {
      await staff(alex.token, 'plugins/holidays', { method: 'PATCH', json: { enabled: false } });
    }
  });

  it('is translated and right to left in Arabic', async function () {
    this.timeout(30_000);
    await signIn(ALEX);
    const { settings, screen } = await openTab('survey', 'arrivo-admin-survey-settings', 'input[name="linkTtlDays"]', 'ar');
    expect(settings.getAttribute('dir')).to.equal('rtl');
    // The Arabic messages load asynchronously after the screen first renders.
    await waitUntil(() => text($(settings, '[data-tab="survey"]')) === 'الاستبيان', 'the tab is not in Arabic', { timeout: 8000 });
    expect(text($(screen, '#survey-title'))).to.equal('الاستبيان بعد الزيارة');
    await expect(screen).to.be.accessible();
  });
});
