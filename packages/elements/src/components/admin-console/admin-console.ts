import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../base/arrivo-element';
import { signOut } from '../../api/session';
import '../../arrivo-sign-in';
import { ArrivoSignedOutEvent } from '../../events/session';
import { adminConsoleStyles } from './admin-console.styles';

type Section = 'board' | 'accounts' | 'setup' | 'insights' | 'preview' | 'people' | 'settings';

/**
 * The console's screens, in navigation order. A screen with `load` comes in its own chunk, fetched
 * with import() the first time it is opened, so the console's entry carries only the board and
 * accounts (what staff open first). `adminOnly` screens are hidden from dispatchers (the API
 * refuses them anyway).
 */
const SECTIONS: { id: Section; label: () => string; adminOnly?: boolean; load?: () => Promise<unknown> }[] = [
  { id: 'board', label: () => msg('Bookings board') },
  { id: 'accounts', label: () => msg('Accounts and contacts') },
  { id: 'setup', label: () => msg('Scheduling setup'), load: () => import('./setup/define') },
  { id: 'insights', label: () => msg('Insights'), load: () => import('./insights/define') },
  { id: 'preview', label: () => msg('Preview'), load: () => import('./preview/define') },
  { id: 'people', label: () => msg('People and roles'), adminOnly: true, load: () => import('./admin-people') },
  { id: 'settings', label: () => msg('Settings'), adminOnly: true, load: () => import('./settings/define') },
];

/**
 * @tag arrivo-admin-console
 * @summary The business's own screens for staff: sign in, then the **bookings board** (a day per
 * technician, travel before each visit, live statuses, filters; a visit's messages sent, moving it,
 * booking on a customer's behalf), the **preview** of the booking form as an account's customer
 * sees it (nothing is booked), and **accounts and contacts** (search, create
 * and edit accounts, add, edit and remove contacts, Create Invitation and the invitation history) and the **scheduling
 * setup** (skills, service types, technicians with their week, time off and sign-in account; for
 * admins also the self-scheduling settings, embedding and the embed snippet), and **insights** (counts
 * of bookings and cancellations, the delivery log, feedback). Admins also get **people and roles**
 * (grant and remove roles; removing one signs the person out here) and the **settings**
 * (invitations, notifications and their wording, the survey, plugins). Customers and technicians
 * are told this sign-in has no staff access.
 *
 * Loaded from its own file (`arrivo-admin-console.js`); customer pages never load any of it.
 *
 * @event arrivo-signed-in - `detail: {session, via}` from the sign-in form inside.
 * @event arrivo-signed-out - After "Sign out".
 * @event arrivo-error - A failure the console shows; `detail: {code, message}`.
 *
 * @csspart header - The top bar with who is signed in and Sign out.
 * @csspart nav - The navigation between the screens.
 * @csspart nav-item - Each navigation button (`aria-current="page"` on the open one).
 * @csspart board - The bookings board.
 * @csspart technician - A technician's row on the board.
 * @csspart track - The timeline of a technician's day.
 * @csspart visit - A visit on the timeline (`data-status` holds its status).
 * @csspart travel - The travel before a visit (lighter).
 * @csspart work - The visit itself.
 * @csspart panel - Account, contact and settings panels.
 * @csspart badge - Statuses of invitations and accounts.
 * @csspart button - Buttons (primary, and `data-variant="secondary"`).
 * @csspart dialog - The visit dialog.
 * @csspart error - Error messages.
 * @csspart field-error - A field's own error, beside it (scheduling setup forms).
 * @csspart notice - Empty states, hints and confirmations.
 *
 * @cssproperty --arrivo-accent - Buttons, links, focus rings, the open section.
 * @cssproperty --arrivo-accent-contrast - Text on the accent colour.
 * @cssproperty --arrivo-error-color - Errors.
 * @cssproperty --arrivo-status-scheduled - A scheduled visit on the board (and -traveling, -in-progress, -completed, -canceled).
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
@localized()
export class ArrivoAdminConsole extends ArrivoElement {
  static override styles = adminConsoleStyles;

  @state() private section: Section = 'board';
  /** Lazy screens whose chunk has arrived (see SECTIONS). */
  @state() private loaded: ReadonlySet<Section> = new Set();
  private readonly loading = new Map<Section, Promise<unknown>>();

  private load(id: Section, load: () => Promise<unknown>) {
    if (this.loading.has(id)) return;
    this.loading.set(
      id,
      load().then(
        () => (this.loaded = new Set([...this.loaded, id])),
        (err: unknown) => {
          this.loading.delete(id);
          this.report(err);
        },
      ),
    );
  }

  private get staffRole(): 'admin' | 'dispatcher' | undefined {
    const roles = this.session?.roles ?? [];
    return roles.includes('admin') ? 'admin' : roles.includes('dispatcher') ? 'dispatcher' : undefined;
  }

  private async signOut() {
    await signOut(this.connection).catch(() => undefined);
    this.store.clear();
    this.section = 'board';
    this.emit(new ArrivoSignedOutEvent());
  }

  override render() {
    const session = this.session;
    if (!session) {
      return html`<h2 class="title">${msg('Staff sign-in')}</h2>
        <arrivo-sign-in api=${this.api} business=${this.business} locale=${this.locale || nothing} theme=${this.theme}></arrivo-sign-in>`;
    }
    const role = this.staffRole;
    const who = session.user.name || session.user.email;
    const header = html`<header part="header">
      <p>${role === 'admin' ? msg(str`Signed in as ${who} · Administrator`) : role === 'dispatcher' ? msg(str`Signed in as ${who} · Dispatcher`) : msg(str`Signed in as ${who}`)}</p>
      <button part="button" data-variant="secondary" type="button" @click=${this.signOut}>${msg('Sign out')}</button>
    </header>`;
    if (!role) {
      return html`${header}
        <p part="error" role="alert">${msg('This sign-in has no staff access at this business. Sign out and sign in with an administrator’s or dispatcher’s account.')}</p>`;
    }
    const sections = SECTIONS.filter((s) => role === 'admin' || !s.adminOnly);
    const open = sections.find((s) => s.id === this.section) ?? sections[0]!;
    const common = { api: this.api, business: this.business, locale: this.locale || nothing, theme: this.theme };
    return html`${header}
      <div class="layout">
        <nav part="nav" aria-label=${msg('Admin console')}>
          <ul>
            ${sections.map(
              (s) => html`<li>
                <button part="nav-item" type="button" aria-current=${s === open ? 'page' : nothing} data-section=${s.id} @click=${() => (this.section = s.id)}>${s.label()}</button>
              </li>`,
            )}
          </ul>
        </nav>
        <div class="screen">${open.load && !this.loaded.has(open.id) ? this.loadSection(open.id, open.load) : this.renderSection(open.id, common)}</div>
      </div>`;
  }

  private loadSection(id: Section, load: () => Promise<unknown>) {
    this.load(id, load);
    return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`;
  }

  private renderSection(id: Section, c: { api: string; business: string; locale: unknown; theme: string }) {
    switch (id) {
      case 'board':
        return html`<arrivo-admin-board api=${c.api} business=${c.business} locale=${c.locale} theme=${c.theme}></arrivo-admin-board>`;
      case 'accounts':
        return html`<arrivo-admin-accounts api=${c.api} business=${c.business} locale=${c.locale} theme=${c.theme}></arrivo-admin-accounts>`;
      case 'setup':
        return html`<arrivo-admin-setup api=${c.api} business=${c.business} locale=${c.locale} theme=${c.theme}></arrivo-admin-setup>`;
      case 'people':
        return html`<arrivo-admin-people api=${c.api} business=${c.business} locale=${c.locale} theme=${c.theme}></arrivo-admin-people>`;
      case 'insights':
        return html`<arrivo-admin-insights api=${c.api} business=${c.business} locale=${c.locale} theme=${c.theme}></arrivo-admin-insights>`;
      case 'preview':
        return html`<arrivo-admin-preview api=${c.api} business=${c.business} locale=${c.locale} theme=${c.theme}></arrivo-admin-preview>`;
      case 'settings':
        return html`<arrivo-admin-settings api=${c.api} business=${c.business} locale=${c.locale} theme=${c.theme}></arrivo-admin-settings>`;
    }
  }
}
