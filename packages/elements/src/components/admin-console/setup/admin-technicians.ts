import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { zonedInstant } from '@arrivo/core';
import { ArrivoElement } from '../../../base/arrivo-element';
import { publicBusiness } from '../../../api/public';
import { NOTHING } from '../../../base/data';
import * as setup from '../../../api/admin-setup';
import { currentLocale } from '../../../localization';
import { setupStyles } from './setup.styles';
import { loadMaps } from '../load-maps';
import { fieldError, invalidFields, outcome, trimmed } from './shared';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
/** The weekday's name in the page's language (ISO: 1 = Monday; 2024-01-01 was a Monday). */
const weekdayName = (weekday: number) => new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, weekday));
const when = (iso: string, timeZone: string) => new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
/** A datetime-local value ("2030-01-07T08:00") read on the business's clock, as an ISO instant. */
const businessInstant = (value: string, timeZone: string) =>
  value ? new Date(zonedInstant(value.slice(0, 10), Number(value.slice(11, 13)) * 60 + Number(value.slice(14, 16)), timeZone)).toISOString() : '';

/**
 * Technicians of the scheduling setup: who they are, their skills and territories, their weekly
 * working hours (a week grid: a row per day, any number of shifts, all native fields), where their
 * day starts, whether they are active, their time off and the account they sign in with.
 * @tag arrivo-admin-technicians
 */
@localized()
export class ArrivoAdminTechnicians extends ArrivoElement {
  static override styles = setupStyles;

  /** The technician in the form; 'new' for a new one. */
  @state() private selected?: string;
  /** The week grid being edited (saved with the form). */
  @state() private hours: setup.WorkingHours[] = [];
  @state() private notice?: string;
  @state() private formError?: string;
  @state() private invalid = new Set<string>();
  @state() private busy = false;

  private readonly list = this.data(
    (_, signal) =>
      Promise.all([setup.technicians(this.connection, signal), setup.skills(this.connection, signal), setup.territories(this.connection, signal), publicBusiness(this.connection, signal)]),
    { onError: (err) => this.report(err) },
  );

  private readonly extra = this.data(
    ([id], signal) => (id && id !== 'new' ? Promise.all([setup.timeOff(this.connection, id, signal), setup.technicianAccount(this.connection, id, signal)]) : Promise.resolve(NOTHING)),
    { args: () => [this.selected] as const, onError: (err) => this.report(err) },
  );

  private open(technician?: setup.Technician) {
    this.selected = technician?.id ?? 'new';
    // A new technician starts on weekdays 8–17, the commonest week; every row can change.
    this.hours = technician ? technician.workingHours.map((h) => ({ ...h })) : [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '17:00' }));
    this.notice = this.formError = undefined;
    this.invalid = new Set();
  }

  private async act<T>(work: () => Promise<T>, done: (result: T) => string, messages: Record<string, string> = {}) {
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      const result = await work();
      this.invalid = new Set();
      this.notice = done(result);
      return true;
    } catch (err) {
      this.invalid = invalidFields(err);
      this.formError = this.report(err, () => messages);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const address = trimmed(data, 'address');
    const body = {
      name: trimmed(data, 'name'),
      email: trimmed(data, 'email') || null,
      phone: trimmed(data, 'phone') || null,
      active: data.get('active') === 'on',
      start: { lat: Number(trimmed(data, 'lat')), lon: Number(trimmed(data, 'lon')), address: address || null },
      skillIds: data.getAll('skillIds').map(String),
      territoryIds: data.getAll('territoryIds').map(String),
      workingHours: [...this.hours].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
    };
    void this.act(
      async () => {
        const saved = this.selected === 'new' ? await setup.createTechnician(this.connection, body) : await setup.updateTechnician(this.connection, this.selected!, body);
        // The list first, so the form reopens on the saved technician at once.
        await this.list.reload();
        return saved;
      },
      (saved) => {
        this.selected = saved.id;
        return msg(str`Technician ${saved.name} saved.`);
      },
    );
  }

  private setHours(index: number, key: 'start' | 'end', value: string) {
    this.hours = this.hours.map((h, i) => (i === index ? { ...h, [key]: value } : h));
  }

  private addTimeOff(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const timeZone = this.list.value![3].timeZone;
    const iso = (key: string) => businessInstant(trimmed(data, key), timeZone);
    void this.act(
      () => setup.addTimeOff(this.connection, this.selected!, { startsAt: iso('startsAt'), endsAt: iso('endsAt'), reason: trimmed(data, 'reason') || null }),
      () => {
        form.reset();
        void this.extra.reload();
        return msg('Time off added: no visits are offered during it.');
      },
    );
  }

  private removeTimeOff(entry: setup.TimeOff) {
    void this.act(() => setup.removeTimeOff(this.connection, this.selected!, entry.id), () => {
      void this.extra.reload();
      return msg('Time off removed.');
    });
  }

  private link(e: SubmitEvent) {
    e.preventDefault();
    const email = trimmed(new FormData(e.target as HTMLFormElement), 'accountEmail');
    void this.act(
      () => setup.linkTechnicianAccount(this.connection, this.selected!, email),
      () => {
        void this.extra.reload();
        return msg(str`The technician now signs in as ${email}.`);
      },
      {
        technician_account_invalid: msg('No account with this email holds the technician role here. Give the person the technician role first.'),
        conflict: msg('That account is already linked to another technician.'),
      },
    );
  }

  private unlink() {
    void this.act(() => setup.unlinkTechnicianAccount(this.connection, this.selected!), () => {
      void this.extra.reload();
      return msg('The technician’s account was unlinked.');
    });
  }

  override render() {
    if (this.list.error) return this.renderLoadError(this.list.error, () => this.list.reload());
    const loaded = this.list.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span></div>`;
    const [technicians, skills, territories, business] = loaded;
    const technician = technicians.find((t) => t.id === this.selected);
    return html`<div class="toolbar">
        <h3>${msg('Technicians')}</h3>
        <button part="button" type="button" data-action="new-technician" @click=${() => this.open()}>${msg('New technician')}</button>
      </div>
      <div class="split">
        <table>
          <thead>
            <tr><th scope="col">${msg('Technician')}</th><th scope="col">${msg('Working days')}</th><th scope="col">${msg('State')}</th></tr>
          </thead>
          <tbody>
            ${technicians.map(
              (t) => html`<tr data-technician=${t.id}>
                <td><button class="link" type="button" @click=${() => this.open(t)}>${t.name}</button></td>
                <td>${[...new Set(t.workingHours.map((h) => h.weekday))].map((d) => weekdayName(d).slice(0, 3)).join(' ') || msg('None')}</td>
                <td><span part="badge">${t.active ? msg('Active') : msg('Inactive')}</span></td>
              </tr>`,
            )}
          </tbody>
        </table>
        <div class="stack">
          ${this.selected
            ? html`${outcome(this.formError, this.notice)}${keyed(this.selected, this.renderForm(technician, skills, territories))}${technician ? this.renderExtra(business.timeZone) : nothing}`
            : html`<p part="notice">${msg('Choose a technician, or add one.')}</p>`}
        </div>
      </div>`;
  }

  private renderForm(t: setup.Technician | undefined, skills: setup.Skill[], territories: setup.Territory[]) {
    const bad = (name: string) => (this.invalid.has(name) ? 'true' : nothing);
    const described = (name: string) => (this.invalid.has(name) ? `${name}-error` : nothing);
    const err = (name: string, message: string) => fieldError(name, this.invalid.has(name) ? message : undefined);
    return html`<form part="form panel" aria-labelledby="technician-title" @submit=${this.save}>
      <h4 id="technician-title">${t ? t.name : msg('New technician')}</h4>
      <div class="grid2">
        <label>${msg('Name')}<input name="name" required maxlength="120" autocomplete="off" .value=${t?.name ?? ''} aria-invalid=${bad('name')} aria-describedby=${described('name')} />${err('name', msg('Enter a name.'))}</label>
        <label>${msg('Email')}<input name="email" type="email" maxlength="254" autocomplete="off" .value=${t?.email ?? ''} aria-invalid=${bad('email')} aria-describedby=${described('email')} />${err('email', msg('Enter an email address, or leave it empty.'))}</label>
        <label>${msg('Phone')}<input name="phone" type="tel" maxlength="40" autocomplete="off" .value=${t?.phone ?? ''} /></label>
        <label class="check"><input type="checkbox" name="active" .checked=${t?.active ?? true} />${msg('Active (offered to customers)')}</label>
      </div>
      <fieldset class="plain">
        <legend>${msg('Where the day starts')}</legend>
        <div class="grid2">
          <label>${msg('Address')}<input name="address" maxlength="300" .value=${t?.start.address ?? ''} /></label>
          <span></span>
          <label>${msg('Latitude')}<input name="lat" type="number" step="any" min="-90" max="90" required .value=${t ? String(t.start.lat) : ''} aria-invalid=${bad('start')} aria-describedby=${described('start')} /></label>
          <label>${msg('Longitude')}<input name="lon" type="number" step="any" min="-180" max="180" required .value=${t ? String(t.start.lon) : ''} aria-invalid=${bad('start')} /></label>
        </div>
        ${err('start', msg('Latitude is from -90 to 90 and longitude from -180 to 180.'))}
        <details @toggle=${loadMaps}><summary>${msg('Pick on map')}</summary><arrivo-admin-map-pick fill-form></arrivo-admin-map-pick></details>
      </fieldset>
      <div class="grid2">
        <fieldset class="plain">
          <legend>${msg('Skills')}</legend>
          ${skills.map((s) => html`<label class="check"><input type="checkbox" name="skillIds" value=${s.id} .checked=${t?.skillIds.includes(s.id) ?? false} />${s.name}</label>`)}
        </fieldset>
        <fieldset class="plain">
          <legend>${msg('Territories')}</legend>
          ${territories.length
            ? territories.map((s) => html`<label class="check"><input type="checkbox" name="territoryIds" value=${s.id} .checked=${t?.territoryIds.includes(s.id) ?? false} />${s.name}</label>`)
            : html`<p class="hint">${msg('No territories: the travel limit alone decides where the technician goes.')}</p>`}
        </fieldset>
      </div>
      ${this.renderWeek()}
      <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${t ? msg('Save technician') : msg('Create technician')}</button></div>
    </form>`;
  }

  /** The week grid: a row per weekday with its shifts; times are in the business's time zone. */
  private renderWeek() {
    const invalid = this.invalid.has('workingHours');
    return html`<fieldset class="plain" aria-describedby=${invalid ? 'workingHours-error' : nothing}>
      <legend>${msg('Weekly working hours (in the business’s time zone)')}</legend>
      ${fieldError('workingHours', invalid ? msg('Each shift must end after it starts.') : undefined)}
      <table class="week" data-week>
        <tbody>
          ${WEEKDAYS.map((weekday) => {
            const day = weekdayName(weekday);
            const shifts = this.hours.map((h, index) => ({ h, index })).filter(({ h }) => h.weekday === weekday);
            return html`<tr data-weekday=${weekday}>
              <th scope="row">${day}</th>
              <td>
                ${shifts.length ? nothing : html`<span class="hint">${msg('Off')}</span>`}
                ${shifts.map(
                  ({ h, index }) => html`<div class="row" data-shift>
                    <label>${msg('From')}<input type="time" required aria-label=${msg(str`${day}: from`)} .value=${h.start} @change=${(e: Event) => this.setHours(index, 'start', (e.target as HTMLInputElement).value)} /></label>
                    <label>${msg('to')}<input type="time" required aria-label=${msg(str`${day}: to`)} .value=${h.end} @change=${(e: Event) => this.setHours(index, 'end', (e.target as HTMLInputElement).value)} /></label>
                    <button class="link" type="button" @click=${() => (this.hours = this.hours.filter((_, i) => i !== index))}>${msg('Remove')}<span class="visually-hidden"> ${msg(str`${day} ${h.start}–${h.end}`)}</span></button>
                  </div>`,
                )}
                <button class="link" type="button" data-add-hours=${weekday} @click=${() => (this.hours = [...this.hours, { weekday, start: '08:00', end: '17:00' }])}>
                  ${msg('Add hours')}<span class="visually-hidden"> ${msg(str`on ${day}`)}</span>
                </button>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </fieldset>`;
  }

  private renderExtra(timeZone: string) {
    if (this.extra.error) return this.renderLoadError(this.extra.error, () => this.extra.reload());
    const loaded = this.extra.value;
    if (!loaded) return html`<p role="status">${msg('Loading')}</p>`;
    const [off, account] = loaded;
    return html`<section part="panel" aria-labelledby="time-off-title">
        <h4 id="time-off-title">${msg('Time off')}</h4>
        <p class="hint">${msg(str`Times are on the business’s clock (${timeZone}).`)}</p>
        ${off.length
          ? html`<ul class="plain">
              ${off.map(
                (o) => html`<li data-time-off=${o.id}>
                  ${when(o.startsAt, timeZone)} – ${when(o.endsAt, timeZone)}${o.reason ? ` · ${o.reason}` : nothing}
                  <button class="link" type="button" ?disabled=${this.busy} @click=${() => this.removeTimeOff(o)}>${msg('Remove')}<span class="visually-hidden"> ${msg(str`time off from ${when(o.startsAt, timeZone)}`)}</span></button>
                </li>`,
              )}
            </ul>`
          : html`<p>${msg('No time off planned.')}</p>`}
        <form part="form" aria-labelledby="add-time-off-title" @submit=${this.addTimeOff}>
          <h5 id="add-time-off-title" class="visually-hidden">${msg('Add time off')}</h5>
          <div class="grid2">
            <label>${msg('From')}<input name="startsAt" type="datetime-local" required /></label>
            <label>${msg('Until')}<input name="endsAt" type="datetime-local" required /></label>
          </div>
          <label>${msg('Reason (staff only)')}<input name="reason" maxlength="500" /></label>
          <div class="actions"><button part="button" data-variant="secondary" type="submit" ?disabled=${this.busy}>${msg('Add time off')}</button></div>
        </form>
      </section>
      <section part="panel" aria-labelledby="account-link-title">
        <h4 id="account-link-title">${msg('Sign-in account')}</h4>
        ${account.userId
          ? html`<p>${msg(str`Signs in to the technician app as ${account.email ?? account.userId}.`)}</p>
              <div class="actions"><button part="button" data-variant="secondary" type="button" ?disabled=${this.busy} @click=${this.unlink}>${msg('Unlink account')}</button></div>`
          : html`<p class="hint">${msg('Not linked: link the account (with the technician role here) this technician signs in with.')}</p>
              <form part="form" class="row" @submit=${this.link}>
                <label>${msg('Account email')}<input name="accountEmail" type="email" required maxlength="254" autocomplete="off" /></label>
                <button part="button" data-variant="secondary" type="submit" ?disabled=${this.busy}>${msg('Link account')}</button>
              </form>`}
      </section>`;
  }
}
