import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { Profile, ProfileUpdate } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { NOTHING } from '../../base/data';
import { ArrivoProfileSavedEvent } from '../../events/profile';
import * as me from '../../api/profile';
import { browserTimeZone } from '../../format';
import { formStyles } from '../../styles/form.styles';

const LANGUAGES: [string, string][] = [
  ['en', 'English'],
  ['es', 'Español'],
  ['fr', 'Français'],
  ['vi', 'Tiếng Việt'],
  ['zh', '中文'],
  ['ar', 'العربية'],
];

type Draft = Required<Pick<ProfileUpdate, 'firstName' | 'lastName' | 'notifyEmail' | 'notifySms'>> & {
  phone: string;
  preferredLanguage: string;
  timeZone: string;
};

/**
 * @tag arrivo-profile
 * @summary The signed-in customer's profile: name, phone, language, time zone and how to be
 * notified. On first sign-in everything is optional and the step can be skipped. Shows nothing
 * while nobody is signed in, so it can sit beside `<arrivo-sign-in>`.
 *
 * @event arrivo-profile-saved - `detail: {profile, skipped}` after Save or Skip.
 * @event arrivo-error - A failure the element shows; `detail: {code, message}`.
 *
 * @csspart form - The form.
 * @csspart button - Save and Skip.
 * @csspart error - The error message box.
 * @csspart notice - "Saved" and sign-in hints.
 *
 * @cssproperty --arrivo-accent - Buttons and focus rings.
 * @cssproperty --arrivo-error-color - Error messages.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoProfile extends ArrivoElement {
  static override properties = {
    heading: {},
    profile: { state: true },
    draft: { state: true },
    busy: { state: true },
    error: { state: true },
    saved: { state: true },
  };

  static override styles = formStyles;

  /** Heading level text; set to "" to hide the heading when the host page has its own. */
  heading = '';

  private profile?: Profile;
  private draft?: Draft;
  private busy = false;
  private error?: string;
  private saved = false;

  private readonly profile$ = this.data(
    async (_, signal) => {
      const profile = await me.profile(this.connection, signal);
      // A late answer for the person before (or a request made again since) changes nothing.
      if (signal.aborted) return NOTHING;
      this.profile = profile;
      this.draft = toDraft(profile);
      return profile;
    },
    {
      // Someone else's profile: nothing typed for the one before may remain.
      reset: () => {
        this.profile = this.draft = this.error = undefined;
        this.saved = false;
      },
      onError: (err) => this.report(err),
    },
  );

  private set<K extends keyof Draft>(key: K, value: Draft[K]) {
    this.draft = { ...this.draft!, [key]: value };
    this.saved = false;
  }

  private async save(skip: boolean) {
    this.busy = true;
    this.error = undefined;
    try {
      const profile = await me.saveProfile(this.connection, skip ? {} : toUpdate(this.draft!));
      this.profile = profile;
      this.draft = toDraft(profile);
      this.saved = !skip;
      this.emit(new ArrivoProfileSavedEvent({ profile, skipped: skip }));
      this.store.set({ ...this.session!, profileCompleted: true });
    } catch (err) {
      this.error = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.session) return nothing;
    if (this.profile$.error) return this.renderLoadError(this.profile$.error, () => this.profile$.reload());
    return this.profile$.value && this.profile && this.draft
      ? this.renderForm(this.profile, this.draft)
      : html`<p part="notice" role="status">${msg('Loading your profile…')}</p>`;
  }

  private renderForm(profile: Profile, d: Draft) {
    const firstRun = !profile.profileCompleted;
    // The list leaves out "UTC", a browser's zone on many servers; without it the first entry
    // (Africa/Abidjan) would look chosen.
    const zones = Intl.supportedValuesOf('timeZone');
    if (!zones.includes(d.timeZone)) zones.unshift(d.timeZone);
    return html`<form part="form" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.save(false))}>
      ${this.heading ? html`<h2>${this.heading}</h2>` : nothing}
      ${firstRun ? html`<p>${msg('Welcome! Tell us how to reach you. Everything here is optional, and you can change it later.')}</p>` : nothing}
      ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      ${this.saved ? html`<p part="notice" role="status">${msg('Your profile was saved.')}</p>` : nothing}
      <label>${msg('Email')} <input type="email" .value=${profile.email} readonly aria-readonly="true" /></label>
      <label>${msg('First name')}
        <input name="firstName" autocomplete="given-name" maxlength="100" .value=${d.firstName}
          @input=${(e: InputEvent) => this.set('firstName', (e.target as HTMLInputElement).value)} />
      </label>
      <label>${msg('Last name')}
        <input name="lastName" autocomplete="family-name" maxlength="100" .value=${d.lastName}
          @input=${(e: InputEvent) => this.set('lastName', (e.target as HTMLInputElement).value)} />
      </label>
      <label>${msg('Mobile phone')}
        <input name="phone" type="tel" autocomplete="tel" maxlength="40" .value=${d.phone}
          @input=${(e: InputEvent) => this.set('phone', (e.target as HTMLInputElement).value)} />
      </label>
      <label>${msg('Preferred language')}
        <select name="preferredLanguage" @change=${(e: Event) => this.set('preferredLanguage', (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!d.preferredLanguage}>${msg('No preference')}</option>
          ${LANGUAGES.map(([tag, name]) => html`<option value=${tag} lang=${tag} ?selected=${d.preferredLanguage === tag}>${name}</option>`)}
        </select>
      </label>
      <label>${msg('Time zone')}
        <select name="timeZone" @change=${(e: Event) => this.set('timeZone', (e.target as HTMLSelectElement).value)}>
          ${zones.map((zone) => html`<option value=${zone} ?selected=${d.timeZone === zone}>${zone.replaceAll('_', ' ')}</option>`)}
        </select>
      </label>
      <fieldset class="plain">
        <legend>${msg('Send me updates about my visits by')}</legend>
        <label class="check"><input name="notifyEmail" type="checkbox" .checked=${d.notifyEmail}
          @change=${(e: Event) => this.set('notifyEmail', (e.target as HTMLInputElement).checked)} /> ${msg('Email')}</label>
        <label class="check"><input name="notifySms" type="checkbox" .checked=${d.notifySms}
          @change=${(e: Event) => this.set('notifySms', (e.target as HTMLInputElement).checked)} /> ${msg('Text message')}</label>
      </fieldset>
      <div class="actions">
        <button part="button" type="submit" ?disabled=${this.busy}>${msg('Save')}</button>
        ${firstRun
          ? html`<button part="button" data-variant="secondary" type="button" ?disabled=${this.busy} @click=${() => this.save(true)}>${msg('Skip for now')}</button>`
          : nothing}
      </div>
    </form>`;
  }
}

function toDraft(p: Profile): Draft {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    phone: p.phone ?? '',
    preferredLanguage: p.preferredLanguage ?? '',
    timeZone: p.timeZone ?? browserTimeZone(),
    notifyEmail: p.notifyEmail,
    notifySms: p.notifySms,
  };
}

/** What to save. A first name left empty keeps the one the business has (a contact always has one). */
function toUpdate(d: Draft): ProfileUpdate {
  return {
    ...(d.firstName.trim() ? { firstName: d.firstName.trim() } : {}),
    lastName: d.lastName.trim(),
    phone: d.phone.trim() || null,
    preferredLanguage: d.preferredLanguage || null,
    timeZone: d.timeZone || null,
    notifyEmail: d.notifyEmail,
    notifySms: d.notifySms,
  };
}
