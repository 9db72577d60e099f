// The admin console's scheduling setup in Chromium against the real API (the demo business): an
// admin adds a skill, a service type requiring it and a technician with a week of hours, and the
// service type is then offered to customers; settings refused by the API say so beside the field;
// a dispatcher gets no settings; Arabic is right to left.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../arrivo-admin-console';
import type { ArrivoAdminConsole } from './admin-console';
import { API, BUSINESS, forgetSessions, newCustomer, signIn } from '../../test-support';

const ALEX = 'alex@rosecity.example'; // admin
const DANA = 'dana@rosecity.example'; // dispatcher

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const inner = (el: Element | null | undefined, tag: string) => (el?.shadowRoot?.querySelector(tag) as LitElement | null | undefined) ?? null;

async function mount(locale = '') {
  const el = await fixture<ArrivoAdminConsole>(html`<arrivo-admin-console api=${API} business=${BUSINESS} locale=${locale}></arrivo-admin-console>`);
  await el.updateComplete;
  return el;
}

/** Open Scheduling setup and one of its tabs; the tab's screen once it has loaded `ready`. */
async function openTab(el: ArrivoAdminConsole, tab: string, tag: string, ready: string) {
  el.shadowRoot!.querySelector<HTMLButtonElement>('[data-section="setup"]')!.click();
  await waitUntil(() => inner(el, 'arrivo-admin-setup')?.shadowRoot?.querySelector(`[data-tab="${tab}"]`), 'setup never loaded', { timeout: 8000 });
  const setupEl = inner(el, 'arrivo-admin-setup')!;
  setupEl.shadowRoot!.querySelector<HTMLButtonElement>(`[data-tab="${tab}"]`)!.click();
  await waitUntil(() => inner(setupEl, tag)?.shadowRoot?.querySelector(ready), `${tag} never loaded`, { timeout: 8000 });
  return inner(setupEl, tag)!;
}

function fill(root: ParentNode, selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function staffGet(path: string, token: string) {
  const res = await fetch(`${API}/businesses/${BUSINESS}/admin/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return res.json();
}

describe('<arrivo-admin-console> scheduling setup', () => {
  afterEach(() => forgetSessions());

  it('lets an admin add a skill, a service type requiring it and a technician with a week, and customers are offered it', async function () {
    this.timeout(60_000);
    const alex = await signIn(ALEX);
    const el = await mount();
    const tag = crypto.randomUUID().slice(0, 6);

    // Skills.
    const skills = await openTab(el, 'skills', 'arrivo-admin-skills', 'form[aria-labelledby="add-skill-title"]');
    const skillName = `Solar ${tag}`;
    fill(skills.shadowRoot!, 'form[aria-labelledby="add-skill-title"] input[name="name"]', skillName);
    skills.shadowRoot!.querySelector<HTMLFormElement>('form[aria-labelledby="add-skill-title"]')!.requestSubmit();
    await waitUntil(() => [...skills.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-skill] input')].some((i) => i.value === skillName), 'skill not added', { timeout: 8000 });
    await expect(skills).to.be.accessible();
    const skill = ((await staffGet('skills', alex.token)) as { id: string; name: string }[]).find((s) => s.name === skillName)!;

    // A territory (a circle), offered in the technician form below.
    const areas = await openTab(el, 'territories', 'arrivo-admin-territories', 'form[aria-labelledby="add-territory-title"]');
    const area = `North ${tag}`;
    const areaForm = areas.shadowRoot!.querySelector<HTMLFormElement>('form[aria-labelledby="add-territory-title"]')!;
    fill(areaForm, 'input[name="name"]', area);
    // The circle typed into the territory editor (its map chunk loads with the screen).
    await waitUntil(() => areaForm.querySelector('arrivo-admin-territory-editor')?.shadowRoot?.querySelector('#radius'), 'no territory editor', { timeout: 8000 });
    const editor = areaForm.querySelector('arrivo-admin-territory-editor')!.shadowRoot!;
    for (const [id, value] of [['center-lat', '45.58'], ['center-lon', '-122.68'], ['radius', '12.5']]) {
      fill(editor, `#${id}`, value!);
      editor.querySelector(`#${id}`)!.dispatchEvent(new Event('change', { bubbles: true }));
    }
    areaForm.requestSubmit();
    await waitUntil(() => text(areas.shadowRoot!.querySelector('ul.plain')).includes(area), 'territory not added', { timeout: 8000 });
    expect(text(areas.shadowRoot!.querySelector('ul.plain'))).to.contain('12.5 km around 45.58, -122.68');
    await expect(areas).to.be.accessible();

    // A service type requiring it, bookable online.
    const types = await openTab(el, 'service-types', 'arrivo-admin-service-types', '[data-action="new-service-type"]');
    types.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="new-service-type"]')!.click();
    await waitUntil(() => types.shadowRoot!.querySelector('form[aria-labelledby="service-type-title"]'), 'no form', { timeout: 8000 });
    const typeRoot = types.shadowRoot!;
    const key = `solar-${tag}`;
    fill(typeRoot, 'input[name="name"]', `Solar panel check ${tag}`);
    fill(typeRoot, 'input[name="key"]', key);
    fill(typeRoot, 'input[name="durationMinutes"]', '45');
    fill(typeRoot, 'textarea[name="description"]', 'Inspect and clean the panels.');
    typeRoot.querySelector<HTMLInputElement>(`input[name="requiredSkillIds"][value="${skill.id}"]`)!.click();
    typeRoot.querySelector<HTMLFormElement>('form[aria-labelledby="service-type-title"]')!.requestSubmit();
    await waitUntil(() => typeRoot.querySelector(`[data-service-type="${key}"]`), 'service type not created', { timeout: 8000 });
    expect(text(typeRoot.querySelector(`[data-service-type="${key}"]`))).to.contain(skillName).and.contain('45 min').and.contain('Customers can book');
    await expect(types).to.be.accessible();

    // A technician with that skill and a week: weekdays 8–17 by default, Saturday added from the keyboard.
    const techs = await openTab(el, 'technicians', 'arrivo-admin-technicians', '[data-action="new-technician"]');
    const techRoot = techs.shadowRoot!;
    techRoot.querySelector<HTMLButtonElement>('[data-action="new-technician"]')!.click();
    await waitUntil(() => techRoot.querySelector('[data-week]'), 'no week grid', { timeout: 8000 });
    const name = `Sol Technician ${tag}`;
    fill(techRoot, 'input[name="name"]', name);
    fill(techRoot, 'input[name="lat"]', '45.55');
    fill(techRoot, 'input[name="lon"]', '-122.67');
    techRoot.querySelector<HTMLInputElement>(`input[name="skillIds"][value="${skill.id}"]`)!.click();
    expect([...techRoot.querySelectorAll('input[name="territoryIds"]')].map((i) => text(i.parentElement))).to.include(area);
    techRoot.querySelector<HTMLButtonElement>('[data-add-hours="6"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await techs.updateComplete;
    const saturday = techRoot.querySelectorAll<HTMLInputElement>('[data-weekday="6"] input[type="time"]');
    expect(saturday).to.have.length(2);
    // (Native time fields: their keyboard entry is the browser's; the values are set as it would.)
    for (const [input, value] of [[saturday[0]!, '09:00'], [saturday[1]!, '13:00']] as const) {
      input.value = value;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    // Friday off.
    techRoot.querySelector<HTMLButtonElement>('[data-weekday="5"] [data-shift] button')!.click();
    await techs.updateComplete;
    expect(techRoot.querySelectorAll('[data-weekday="5"] [data-shift]')).to.have.length(0);
    await expect(techs).to.be.accessible();
    const techForm = techRoot.querySelector<HTMLFormElement>('form[aria-labelledby="technician-title"]')!;
    const invalid = [...techForm.querySelectorAll<HTMLInputElement>('input')].filter((i) => !i.checkValidity()).map((i) => `${i.name || i.getAttribute('aria-label')}=${i.value}`);
    expect(invalid, 'invalid fields').to.deep.equal([]);
    techForm.requestSubmit();
    await waitUntil(() => text(techRoot.querySelector('[part~="notice"]')).includes(name) || techRoot.querySelector('[role="alert"]'), 'technician not saved', { timeout: 8000 });
    expect(text(techRoot.querySelector('[role="alert"]')), `refused: ${[...saturday].map((i) => i.value)}`).to.equal('');
    const saved = ((await staffGet('technicians', alex.token)) as { id: string; name: string; skillIds: string[]; workingHours: unknown[] }[]).find((t) => t.name === name)!;
    expect(saved.skillIds).to.deep.equal([skill.id]);
    expect(saved.workingHours).to.deep.equal([
      { weekday: 1, start: '08:00', end: '17:00' },
      { weekday: 2, start: '08:00', end: '17:00' },
      { weekday: 3, start: '08:00', end: '17:00' },
      { weekday: 4, start: '08:00', end: '17:00' },
      { weekday: 6, start: '09:00', end: '13:00' },
    ]);

    // Time off, added and removed on the saved technician.
    await waitUntil(() => techRoot.querySelector('form[aria-labelledby="add-time-off-title"]'), 'no time off form', { timeout: 8000 });
    fill(techRoot, 'input[name="startsAt"]', '2030-01-07T08:00');
    fill(techRoot, 'input[name="endsAt"]', '2030-01-08T17:00');
    techRoot.querySelector<HTMLFormElement>('form[aria-labelledby="add-time-off-title"]')!.requestSubmit();
    await waitUntil(() => techRoot.querySelector('[data-time-off]'), 'time off not added', { timeout: 8000 });
    // Read on the business's clock (Portland, UTC−8 in January), whatever the browser's zone.
    const off = (await staffGet(`technicians/${saved.id}/time-off`, alex.token)) as { startsAt: string; endsAt: string }[];
    expect(off.map((o) => [Date.parse(o.startsAt), Date.parse(o.endsAt)])).to.deep.equal([[Date.parse('2030-01-07T16:00:00Z'), Date.parse('2030-01-09T01:00:00Z')]]);
    expect(text(techRoot.querySelector('[data-time-off]'))).to.contain('8:00').and.contain('5:00');
    techRoot.querySelector<HTMLButtonElement>('[data-time-off] button')!.click();
    await waitUntil(() => !techRoot.querySelector('[data-time-off]'), 'time off not removed', { timeout: 8000 });

    // A customer is now offered the new service type, with times from the new technician.
    const customer = await newCustomer('Setup');
    const auth = { authorization: `Bearer ${customer.token}` };
    const offered = (await (await fetch(`${API}/businesses/${BUSINESS}/me/service-types`, { headers: auth })).json()) as { id: string; key: string }[];
    const type = offered.find((t) => t.key === key);
    expect(type, 'the new service type is offered').to.exist;
    const from = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const days = await (await fetch(`${API}/businesses/${BUSINESS}/me/slot-days?serviceTypeId=${type!.id}&from=${from}&to=${to}`, { headers: auth })).json();
    expect((days.days as unknown[]).length, 'days with free times').to.be.greaterThan(0);

    // The skill cannot be removed while the service type requires it, and the screen says why.
    const skillsAgain = await openTab(el, 'skills', 'arrivo-admin-skills', `[data-skill="${skill.id}"]`);
    skillsAgain.shadowRoot!.querySelector<HTMLButtonElement>(`[data-skill="${skill.id}"] [data-action="remove"]`)!.click();
    await waitUntil(() => skillsAgain.shadowRoot!.querySelector('[role="alert"]'), 'no refusal', { timeout: 8000 });
    expect(text(skillsAgain.shadowRoot!.querySelector('[role="alert"]'))).to.contain('A service type still requires this skill');
    expect(skillsAgain.shadowRoot!.querySelector(`[data-skill="${skill.id}"]`)).to.exist;
  });

  it('shows a refused setting beside its field and keeps what was typed; offers the embed snippet', async function () {
    this.timeout(30_000);
    await signIn(ALEX);
    const el = await mount();
    const settings = await openTab(el, 'self-scheduling', 'arrivo-admin-scheduling-settings', 'input[name="minLeadMinutes"]');
    const root = settings.shadowRoot!;
    const before = root.querySelector<HTMLInputElement>('input[name="slotIntervalMinutes"]')!.value;
    fill(root, 'input[name="minLeadMinutes"]', '99999');
    root.querySelector<HTMLFormElement>('form[aria-labelledby="scheduling-settings-title"]')!.requestSubmit();
    await waitUntil(() => root.querySelector('#minLeadMinutes-error'), 'no error beside the field', { timeout: 8000 });
    const input = root.querySelector<HTMLInputElement>('input[name="minLeadMinutes"]')!;
    expect(input.value).to.equal('99999');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('minLeadMinutes-error');
    expect(text(root.querySelector('#minLeadMinutes-error'))).to.contain('43200');
    expect(root.querySelector('#slotIntervalMinutes-error')).to.equal(null);
    expect(root.querySelector<HTMLInputElement>('input[name="slotIntervalMinutes"]')!.value).to.equal(before);
    await expect(settings).to.be.accessible();

    const snippet = root.querySelector<HTMLTextAreaElement>('textarea[name="snippet"]')!.value;
    expect(snippet).to.contain('<script type="module" src="').and.contain('/elements/arrivo-portal.js"></script>');
    expect(snippet).to.contain(`<arrivo-portal api="${API}" business="${BUSINESS}"></arrivo-portal>`);
    expect(root.querySelector('textarea[name="allowedOrigins"]')).to.exist;
  });

  it('gives a dispatcher the technicians, service types and skills but not the settings; fits a tablet', async () => {
    const dana = await signIn(DANA);
    await setViewport({ width: 768, height: 1024 });
    const el = await mount();
    const techs = await openTab(el, 'technicians', 'arrivo-admin-technicians', '[data-action="new-technician"]');
    // A seeded technician's week, at tablet width: nothing wider than the page.
    [...techs.shadowRoot!.querySelectorAll<HTMLButtonElement>('[data-technician] button')].find((b) => text(b) === 'Maya Fernandez')!.click();
    await waitUntil(() => techs.shadowRoot!.querySelector('[data-week] [data-shift]'), 'no week', { timeout: 8000 });
    expect(techs.shadowRoot!.querySelectorAll('[data-week] [data-shift]')).to.have.length(5);
    expect(document.documentElement.scrollWidth).to.be.at.most(768);
    expect(techs.shadowRoot!.querySelector('[data-week]')!.getBoundingClientRect().right).to.be.at.most(768);
    await setViewport({ width: 1280, height: 800 });
    const tabs = [...inner(el, 'arrivo-admin-setup')!.shadowRoot!.querySelectorAll<HTMLElement>('[data-tab]')].map((b) => b.dataset.tab);
    expect(tabs).to.deep.equal(['technicians', 'service-types', 'skills', 'territories']);
    // The API agrees: the self-scheduling settings are the admins'.
    const res = await fetch(`${API}/businesses/${BUSINESS}/admin/settings/scheduling`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${dana.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ minLeadMinutes: 60 }),
    });
    expect(res.status).to.equal(403);
  });

  it('is right to left and translated in Arabic', async function () {
    this.timeout(20_000);
    await signIn(ALEX);
    const el = await mount('ar');
    const techs = await openTab(el, 'technicians', 'arrivo-admin-technicians', '[data-action="new-technician"]');
    const setupEl = inner(el, 'arrivo-admin-setup')!;
    await waitUntil(() => text(setupEl.shadowRoot!.querySelector('[data-tab="technicians"]')) !== 'Technicians', 'never translated', { timeout: 8000 });
    expect(setupEl.dir).to.equal('rtl');
    expect(techs.dir).to.equal('rtl');
    techs.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="new-technician"]')!.click();
    await waitUntil(() => techs.shadowRoot!.querySelector('[data-week]'), 'no week grid', { timeout: 8000 });
    await expect(techs).to.be.accessible();
  });
});
