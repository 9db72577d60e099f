// The intake question editor of a service type, in the admin console against the real API: add,
// edit, reorder (from the keyboard) and remove questions, the API's refusal shown beside the field,
// and what is saved read back through the API.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, forgetSessions, signIn } from '../../test-support';

const ALEX = 'alex@rosecity.example'; // admin
const inner = (el: Element | null | undefined, tag: string) => (el?.shadowRoot?.querySelector(tag) as LitElement | null | undefined) ?? null;

function fill(root: ParentNode, selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<arrivo-admin-console> intake questions', () => {
  afterEach(() => forgetSessions());

  it('adds, reorders and removes questions, shows the API’s refusal beside the field, and saves them', async function () {
    this.timeout(60_000);
    const alex = await signIn(ALEX);
    const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS}></arrivo-admin-console>`);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-section="setup"]')!.click();
    await waitUntil(() => inner(el, 'arrivo-admin-setup')?.shadowRoot?.querySelector('[data-tab="service-types"]'), 'setup never loaded', { timeout: 8000 });
    const setupEl = inner(el, 'arrivo-admin-setup')!;
    setupEl.shadowRoot!.querySelector<HTMLButtonElement>('[data-tab="service-types"]')!.click();
    await waitUntil(() => inner(setupEl, 'arrivo-admin-service-types')?.shadowRoot?.querySelector('[data-action="new-service-type"]'), 'no service types', { timeout: 8000 });
    const types = inner(setupEl, 'arrivo-admin-service-types')!;
    const root = types.shadowRoot!;
    root.querySelector<HTMLButtonElement>('[data-action="new-service-type"]')!.click();
    await waitUntil(() => root.querySelector('arrivo-admin-intake-fields')?.shadowRoot?.querySelector('[data-action="add-question"]'), 'no intake editor', { timeout: 8000 });
    const tag = crypto.randomUUID().slice(0, 6);
    const key = `roof-${tag}`;
    fill(root, 'input[name="name"]', `Roof check ${tag}`);
    fill(root, 'input[name="key"]', key);
    const editor = root.querySelector<LitElement>('arrivo-admin-intake-fields')!;
    const q = editor.shadowRoot!;
    const rows = () => [...q.querySelectorAll<HTMLLIElement>('li[data-uid]')];

    // Three questions, added from the keyboard: the new question's first field takes the focus.
    for (const [label, questionKey, kind] of [
      ['Gate code', 'gate code', 'text'],
      ['How many panels?', 'panels', 'number'],
      ['Roof type', 'roofType', 'select'],
    ] as const) {
      q.querySelector<HTMLButtonElement>('[data-action="add-question"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await editor.updateComplete;
      const row = rows().at(-1)!;
      expect(q.activeElement).to.equal(row.querySelector('input'));
      await sendKeys({ type: label });
      fill(row, 'input[data-field="key"]', questionKey);
      const select = row.querySelector<HTMLSelectElement>('select')!;
      select.value = kind;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await editor.updateComplete;
    }
    // The questions line up with the editor (no list indent) and their panels do not touch.
    const list = q.querySelector('ol')!.getBoundingClientRect();
    expect(rows()[0]!.getBoundingClientRect().left - list.left).to.be.lessThan(1);
    expect(rows()[1]!.getBoundingClientRect().top - rows()[0]!.getBoundingClientRect().bottom).to.be.greaterThan(0);
    rows()[1]!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    // A list with no choices is caught before saving, beside the field.
    const form = root.querySelector<HTMLFormElement>('form[aria-labelledby="service-type-title"]')!;
    form.requestSubmit();
    await editor.updateComplete;
    expect(rows()[2]!.querySelector('[part~="field-error"]')!.textContent).to.contain('at least one choice');
    fill(rows()[2]!, 'textarea', 'Tile\nMetal\n\nShingle');

    // The key with a space is the API's to refuse: its message is beside that question's key.
    form.requestSubmit();
    await waitUntil(() => rows()[0]!.querySelector('[part~="field-error"]'), 'no error beside the key', { timeout: 8000 });
    const keyInput = rows()[0]!.querySelector<HTMLInputElement>('input[data-field="key"]')!;
    expect(keyInput.getAttribute('aria-invalid')).to.equal('true');
    expect(q.getElementById(keyInput.getAttribute('aria-describedby')!)!.textContent).to.contain('no spaces');
    await expect(editor).to.be.accessible();
    fill(rows()[0]!, 'input[data-field="key"]', 'gateCode');

    // Move "How many panels?" up from the keyboard: the focus stays with the moved question.
    rows()[1]!.querySelector<HTMLButtonElement>('[data-action="up"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await editor.updateComplete;
    expect(rows().map((r) => r.querySelector('input')!.value)).to.deep.equal(['How many panels?', 'Gate code', 'Roof type']);
    expect(q.activeElement?.closest('li')).to.equal(rows()[0]);
    // Remove the gate code.
    rows()[1]!.querySelector<HTMLButtonElement>('[data-action="remove"]')!.click();
    await editor.updateComplete;
    expect(rows()).to.have.length(2);

    form.requestSubmit();
    await waitUntil(() => root.querySelector(`[data-service-type="${key}"]`), 'service type not saved', { timeout: 8000 });
    const saved = ((await (await fetch(`${API}/businesses/${BUSINESS}/admin/service-types`, { headers: { authorization: `Bearer ${alex.token}` } })).json()) as {
      key: string;
      intakeFields: unknown[];
    }[]).find((t) => t.key === key)!;
    expect(saved.intakeFields).to.deep.equal([
      { key: 'panels', label: 'How many panels?', kind: 'number', required: true },
      { key: 'roofType', label: 'Roof type', kind: 'select', required: false, options: ['Tile', 'Metal', 'Shingle'] },
    ]);
    // The form now shows the saved questions, in that order.
    const reopened = root.querySelector<LitElement>('arrivo-admin-intake-fields')!;
    expect([...reopened.shadowRoot!.querySelectorAll('li[data-uid] input[data-field="key"]')].map((i) => (i as HTMLInputElement).value)).to.deep.equal(['panels', 'roofType']);
  });
});
