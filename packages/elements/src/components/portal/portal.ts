import { html, nothing, type PropertyValues } from 'lit';
import { ContextProvider } from '@lit/context';
import { Routes } from '@lit-labs/router';
import { msg } from '@lit/localize';
import type { CustomerBooking, FollowUpOffer } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { connect } from '../../api/http';
import { signOut } from '../../api/session';
import { connectionContext, sessionStoreContext } from '../../context';
import { ArrivoSignedOutEvent, type ArrivoSignedInEvent } from '../../events/session';
import type { ArrivoFeedbackRequestedEvent } from '../../events/booking';
import type { ArrivoFollowUpRequestedEvent } from '../../events/feedback';
import { SessionStore } from '../../session/session-store';
import { clearFragment, readFragment } from '../../fragment';
import '../../arrivo-sign-in';
import '../../arrivo-profile';
import '../../arrivo-booking-form';
import '../../arrivo-appointment-list';
import { portalStyles } from './portal.styles';
import type { ClientPlugin } from '@arrivo/sdk/client';

/**
 * @tag arrivo-portal
 * @summary The whole customer portal in one element: sign in or redeem an invitation, the profile
 * on first sign-in, then the home page — **Book a New Appointment**, the Active appointment,
 * Upcoming and Past appointments — and the booking form. It routes inside itself and never
 * changes the host page's address. Opened from a tracking link (`#arrivo-track=<token>` in the
 * page's address) it shows that visit's `<arrivo-live-map>` first, signed in or not; opened from
 * the survey link of a Completed message (`#arrivo-survey=<token>`) it shows that visit's
 * `<arrivo-feedback-survey>` first, signed in or not. **Send feedback** on a completed visit opens
 * the survey as a page of the portal; after a low score, **Book a follow-up visit** opens the
 * booking form with the visit's service type and product chosen. The survey loads only when shown.
 * Opened from a "Manage your visit" link (`#arrivo-manage=<token>`) it shows that visit with Modify
 * and Cancel (`<arrivo-manage-visit>`, loaded only then), signed in or not.
 *
 * Every event of the elements inside bubbles out of it: `arrivo-signed-in`, `arrivo-signed-out`,
 * `arrivo-booked`, `arrivo-rescheduled`, `arrivo-canceled`, `arrivo-profile-saved`,
 * `arrivo-view-live-map`, `arrivo-feedback-requested`, `arrivo-feedback-submitted`,
 * `arrivo-follow-up-requested`, `arrivo-error`.
 *
 * @event arrivo-signed-out - After "Sign out".
 *
 * @csspart nav - The navigation bar; `nav-button` each of its buttons.
 * @csspart main - The area the current page renders into.
 * @csspart live-map - The live map of a tracking link (`#arrivo-track=…`).
 * @csspart feedback-survey - The survey of a survey link (`#arrivo-survey=…`) or of Send feedback.
 * @csspart manage - The visit of a manage link (`#arrivo-manage=…`).
 *
 * @cssproperty --arrivo-accent - Buttons, links, selection, focus rings.
 * @cssproperty --arrivo-accent-contrast - Text on the accent colour.
 * @cssproperty --arrivo-error-color - Errors.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoPortal extends ArrivoElement {
  static override properties = {
    timeZone: { attribute: 'time-zone' },
    mapTiles: { attribute: 'map-tiles' },
    mapAttribution: { attribute: 'map-attribution' },
    plugins: { attribute: false },
    trackingToken: { state: true },
    surveyToken: { state: true },
    rating: { state: true },
    followUp: { state: true },
    manageToken: { state: true },
  };

  static override styles = portalStyles;

  /** Time zone to show times in; defaults to the browser's. */
  timeZone = '';

  /** The live map's XYZ tile URL template (its host must be in the page's CSP `img-src`); default OpenStreetMap's. */
  mapTiles = '';

  /** Attribution of `map-tiles`, as text; default OpenStreetMap's. */
  mapAttribution = '';

  /** Client plugins for the booking form inside (see `<arrivo-booking-form>`'s `plugins`). */
  plugins?: readonly ClientPlugin[];

  private readonly storeProvider = new ContextProvider(this, { context: sessionStoreContext });
  private readonly connectionProvider = new ContextProvider(this, { context: connectionContext });

  private readonly routes = new Routes(this, [
    { path: '/', render: () => this.renderHome() },
    { path: '/book', render: () => this.renderBook() },
    { path: '/profile', render: () => this.renderProfile() },
    { path: '/feedback', render: () => this.renderFeedback() },
  ]);

  /** A tracking link's token from the page's address: show that visit's live map. */
  private trackingToken?: string;

  /** A survey link's token from the page's address: show that visit's survey. */
  private surveyToken?: string;

  /** The visit the survey page rates (Send feedback). */
  private rating?: CustomerBooking;

  /** A follow-up visit the booking form opens with. */
  private followUp?: FollowUpOffer;

  constructor() {
    super();
    // From the survey (of a link, or of Send feedback): book the follow-up here, signed in.
    this.addEventListener('arrivo-follow-up-requested', (e: ArrivoFollowUpRequestedEvent) => this.go('/book', e.detail.offer));
  }

  /** A manage link's token from the page's address: show that visit, to modify or cancel. */
  private manageToken?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.routes.goto('/');
    this.trackingToken = readFragment('arrivo-track');
    if (this.trackingToken) void import('../../arrivo-live-map');
    // Survey and manage tokens act on the visit: kept here once read (a reconnect keeps them) and
    // taken out of the address bar, so a shared, bookmarked or copied address does not carry them.
    this.surveyToken ??= readFragment('arrivo-survey');
    clearFragment('arrivo-survey');
    if (this.surveyToken) void import('../../arrivo-feedback-survey');
    this.manageToken ??= readFragment('arrivo-manage');
    clearFragment('arrivo-manage');
    if (this.manageToken) void import('../../arrivo-manage-visit');
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') || changed.has('business')) {
      // Everything inside shares one session and one connection for this API and business.
      const store = SessionStore.for(this.api, this.business);
      this.storeProvider.setValue(store);
      this.connectionProvider.setValue(connect({ api: this.api, business: this.business, getToken: () => store.token }));
    }
    super.willUpdate(changed);
  }

  private go(path: '/' | '/book' | '/profile' | '/feedback', followUp?: FollowUpOffer) {
    this.followUp = followUp;
    void this.routes.goto(path);
  }

  private async openSurvey(e: ArrivoFeedbackRequestedEvent) {
    this.rating = e.detail.booking;
    await import('../../arrivo-feedback-survey');
    this.go('/feedback');
  }

  private onSignedIn(e: ArrivoSignedInEvent) {
    // The seeds: the profile comes first, the first time someone signs in.
    this.go(e.detail.session.profileCompleted === false ? '/profile' : this.followUp ? '/book' : '/', this.followUp);
  }

  private async signOut() {
    await signOut(this.connection).catch(() => undefined);
    this.store.clear();
    this.emit(new ArrivoSignedOutEvent());
    this.go('/');
  }

  override render() {
    const map = this.trackingToken
      ? html`<section part="live-map" aria-label=${msg('Your technician is on the way')}><arrivo-live-map tracking-token=${this.trackingToken}
            tiles=${this.mapTiles || nothing} attribution=${this.mapAttribution || nothing}></arrivo-live-map></section>`
      : nothing;
    const survey = this.surveyToken
      ? html`<section part="feedback-survey" aria-label=${msg('Rate your visit')}><arrivo-feedback-survey token=${this.surveyToken}
            time-zone=${this.timeZone || nothing}></arrivo-feedback-survey></section>`
      : nothing;
    const visit = this.manageToken
      ? html`<section part="manage"><arrivo-manage-visit token=${this.manageToken} time-zone=${this.timeZone || nothing}></arrivo-manage-visit></section>`
      : nothing;
    if (!this.session) {
      return html`${map}${survey}${visit}<main part="main"><arrivo-sign-in @arrivo-signed-in=${this.onSignedIn}></arrivo-sign-in></main>`;
    }
    const here = this.routes.link();
    const navButton = (path: '/' | '/book' | '/profile', label: string) =>
      html`<button part="nav-button" type="button" aria-current=${here === path ? 'page' : 'false'} @click=${() => this.go(path)}>${label}</button>`;
    return html`
      <nav part="nav" aria-label=${msg('Online booking')}>
        ${navButton('/', msg('Home'))} ${navButton('/book', msg('Book a New Appointment'))} ${navButton('/profile', msg('Profile'))}
        <button part="nav-button" class="sign-out" type="button" @click=${this.signOut}>${msg('Sign out')}</button>
      </nav>
      ${map}${survey}${visit}
      <main part="main">${this.routes.outlet()}</main>
    `;
  }

  private renderHome() {
    return html`<div class="home">
      <button part="button" class="book" type="button" @click=${() => this.go('/book')}>${msg('Book a New Appointment')}</button>
      <arrivo-appointment-list time-zone=${this.timeZone || nothing} map-tiles=${this.mapTiles || nothing}
        map-attribution=${this.mapAttribution || nothing} @arrivo-feedback-requested=${this.openSurvey}></arrivo-appointment-list>
    </div>`;
  }

  private renderBook() {
    return html`<h2>${msg('Book a New Appointment')}</h2>
      <arrivo-booking-form time-zone=${this.timeZone || nothing} service-type-id=${this.followUp?.serviceTypeId || nothing}
        asset-id=${this.followUp?.assetId || nothing} .plugins=${this.plugins}></arrivo-booking-form>
      <button class="link" type="button" @click=${() => this.go('/')}>${msg('Back to my appointments')}</button>`;
  }

  private renderFeedback() {
    if (!this.rating) return this.renderHome();
    return html`<h2>${msg('Send feedback')}</h2>
      <arrivo-feedback-survey booking-id=${this.rating.id} time-zone=${this.timeZone || nothing}></arrivo-feedback-survey>
      <button class="link" type="button" @click=${() => this.go('/')}>${msg('Back to my appointments')}</button>`;
  }

  private renderProfile() {
    return html`<arrivo-profile heading=${msg('Your profile')} @arrivo-profile-saved=${() => this.go('/')}></arrivo-profile>`;
  }
}
