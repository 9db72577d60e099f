import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Session } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { ApiError } from '../../api/api-error';
import { ArrivoSignedInEvent, ArrivoSignedOutEvent } from '../../events/session';
import * as pub from '../../api/public';
import * as access from '../../api/session';
import { clearFragment, readFragment } from '../../fragment';
import { sessionMessages } from '../../area-messages/session';
import { formStyles } from '../../styles/form.styles';
import { tabStyles } from '../../styles/tab.styles';
import { signInStyles } from './sign-in.styles';

type View = 'sign-in' | 'redeem-code' | 'redeem-account' | 'forgot' | 'forgot-sent' | 'reset';
type Tab = 'sign-in' | 'redeem';

const CODE_CHARS = /[^0-9a-z]/gi;

/**
 * @tag arrivo-sign-in
 * @summary Sign in, redeem an invitation (creating the portal account), reset a forgotten
 * password, or sign in with the business's external identity provider.
 *
 * Invitation and reset emails link to the page hosting this element with
 * `#arrivo-redeem=<code>` or `#arrivo-reset=<token>`; the element picks them up from the address.
 *
 * @event arrivo-signed-in - `detail: {session, via}` once signed in (`via`: password, invitation, external).
 * @event arrivo-signed-out - After "Sign out".
 * @event arrivo-error - A failure the element shows; `detail: {code, message}`.
 *
 * @csspart tabs - The Sign in / Redeem invitation tab list.
 * @csspart tab - Each tab.
 * @csspart form - Each form.
 * @csspart button - Buttons (primary, and `data-variant="secondary"`).
 * @csspart error - The error message box.
 * @csspart notice - Confirmation messages.
 * @csspart external-button - "Sign in with …" for the external provider.
 *
 * @cssproperty --arrivo-accent - Buttons, links and focus rings.
 * @cssproperty --arrivo-accent-contrast - Text on the accent colour.
 * @cssproperty --arrivo-error-color - Error messages and invalid fields.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoSignIn extends ArrivoElement {
  static override properties = {
    view: { state: true },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
    email: { state: true },
    password: { state: true },
    code: { state: true },
    firstName: { state: true },
    newPassword: { state: true },
    invitedEmail: { state: true },
  };

  static override styles = [formStyles, tabStyles, signInStyles];

  private view: View = 'sign-in';
  private busy = false;
  private error?: string;
  private notice?: string;
  // What the person typed survives errors and tab switches.
  private email = '';
  private password = '';
  private code = '';
  private firstName = '';
  private newPassword = '';
  /** The email the checked invitation code was sent to. */
  private invitedEmail = '';
  private resetToken = '';

  /** The business, for its external sign-in provider; needs nobody signed in. */
  private readonly business$ = this.data((_, signal) => (this.connection.business ? pub.publicBusiness(this.connection, signal) : Promise.resolve(undefined)), {
    signedOut: true,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.takeHandOffs();
  }

  /** Codes and tokens that arrived in the address from an email or the external provider. */
  private takeHandOffs() {
    const code = readFragment('arrivo-redeem');
    if (code) {
      this.code = code;
      this.view = 'redeem-code';
      clearFragment('arrivo-redeem');
    }
    const reset = readFragment('arrivo-reset');
    if (reset) {
      this.resetToken = reset;
      this.view = 'reset';
      clearFragment('arrivo-reset');
    }
    const failure = readFragment('arrivo-error');
    if (failure) {
      this.fail(new ApiError(failure as never, msg('Signing in did not work.')));
      clearFragment('arrivo-error');
    }
    const external = readFragment('arrivo-auth');
    if (external) {
      clearFragment('arrivo-auth');
      void this.run(async () => this.signedIn(await access.exchangeExternalSignIn(this.connection, { code: external }), 'external'));
    }
  }

  private get tab(): Tab {
    return this.view.startsWith('redeem') ? 'redeem' : 'sign-in';
  }

  private show(view: View) {
    this.view = view;
    this.error = undefined;
    this.notice = undefined;
  }

  private fail(err: unknown) {
    this.error = this.report(err, sessionMessages);
  }

  /** Run one request with the busy state, showing its error (inputs are left as typed). */
  private async run(work: () => Promise<void>) {
    this.busy = true;
    this.error = undefined;
    try {
      await work();
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private signedIn(session: Session, via: 'password' | 'invitation' | 'external') {
    this.store.set(session);
    this.password = '';
    this.newPassword = '';
    this.emit(new ArrivoSignedInEvent({ session, via }));
  }

  private async signOut() {
    await access.signOut(this.connection).catch(() => undefined); // signed out locally whatever the server says
    this.store.clear();
    this.show('sign-in');
    this.emit(new ArrivoSignedOutEvent());
  }

  private submitSignIn(e: SubmitEvent) {
    e.preventDefault();
    void this.run(async () => this.signedIn(await access.signIn(this.connection, { email: this.email, password: this.password }), 'password'));
  }

  private submitCode(e: SubmitEvent) {
    e.preventDefault();
    if (this.code.replace(CODE_CHARS, '').length !== 32) {
      this.error = msg('An invitation code has 32 letters and digits, like 7KQ2-M9XD-… Check your invitation email.');
      return;
    }
    // Say now if the code will not work, not after a password was chosen.
    void this.run(async () => {
      const invitation = await access.checkInvitation(this.connection, { code: this.code });
      // Another invitation (another person): its name, not the one typed for the one before.
      if (invitation.email !== this.invitedEmail) this.firstName = invitation.firstName;
      this.invitedEmail = invitation.email;
      this.show('redeem-account');
    });
  }

  private submitAccount(e: SubmitEvent) {
    e.preventDefault();
    void this.run(async () => {
      try {
        const session = await access.redeemInvitation(this.connection, {
          code: this.code,
          password: this.newPassword,
          ...(this.firstName.trim() ? { firstName: this.firstName.trim() } : {}),
        });
        this.signedIn(session, 'invitation');
      } catch (err) {
        // A code problem belongs on the code step; the code stays as typed.
        if (err instanceof ApiError && (err.code === 'invitation_invalid' || err.code === 'invitation_expired')) this.view = 'redeem-code';
        throw err;
      }
    });
  }

  private submitForgot(e: SubmitEvent) {
    e.preventDefault();
    void this.run(async () => {
      await access.forgotPassword(this.connection, { email: this.email, returnTo: window.location.href.split('#')[0]! });
      this.show('forgot-sent');
    });
  }

  private submitReset(e: SubmitEvent) {
    e.preventDefault();
    void this.run(async () => {
      await access.resetPassword(this.connection, { token: this.resetToken, password: this.newPassword });
      this.newPassword = '';
      this.show('sign-in');
      this.notice = msg('Your password was changed. Sign in with your new password.');
    });
  }

  private startExternal() {
    // A top-level round trip to the provider; it comes back to this page with a one-time code.
    window.location.assign(access.externalSignInUrl(this.connection, window.location.href.split('#')[0]!));
  }

  private onTabKey(e: KeyboardEvent) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next: Tab = this.tab === 'sign-in' ? 'redeem' : 'sign-in';
    this.show(next === 'sign-in' ? 'sign-in' : 'redeem-code');
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus());
  }

  override render() {
    const session = this.session;
    if (session) return this.renderSignedIn(session);
    return html`
      ${this.view === 'reset' || this.view === 'forgot' || this.view === 'forgot-sent'
        ? nothing
        : html`<div part="tabs" role="tablist" aria-label=${msg('Sign in options')} @keydown=${this.onTabKey}>
            ${this.renderTab('sign-in', msg('Sign in'))} ${this.renderTab('redeem', msg('Redeem invitation'))}
          </div>`}
      <div role="tabpanel" id="panel" aria-labelledby="tab-${this.tab}">
        ${this.notice ? html`<p part="notice" role="status">${this.notice}</p>` : nothing}
        ${this.error ? html`<p part="error" role="alert" id="error">${this.error}</p>` : nothing} ${this.renderView()}
      </div>
    `;
  }

  private renderTab(tab: Tab, label: string) {
    const selected = this.tab === tab;
    return html`<button
      part="tab"
      role="tab"
      id="tab-${tab}"
      type="button"
      aria-selected=${selected ? 'true' : 'false'}
      aria-controls="panel"
      tabindex=${selected ? 0 : -1}
      @click=${() => this.show(tab === 'sign-in' ? 'sign-in' : 'redeem-code')}
    >
      ${label}
    </button>`;
  }

  private renderView(): TemplateResult {
    const describedBy = this.error ? 'error' : undefined;
    const invalid = this.error ? 'true' : 'false';
    switch (this.view) {
      case 'sign-in':
        return html`<form part="form" @submit=${this.submitSignIn}>
            <label>${msg('Email')}
              <input name="email" type="email" autocomplete="username" required .value=${this.email}
                aria-invalid=${invalid} aria-describedby=${describedBy ?? nothing}
                @input=${(e: InputEvent) => (this.email = (e.target as HTMLInputElement).value)} />
            </label>
            <label>${msg('Password')}
              <input name="password" type="password" autocomplete="current-password" required .value=${this.password}
                aria-invalid=${invalid} aria-describedby=${describedBy ?? nothing}
                @input=${(e: InputEvent) => (this.password = (e.target as HTMLInputElement).value)} />
            </label>
            <div class="actions">
              <button part="button" type="submit" ?disabled=${this.busy}>${this.busy ? msg('Signing in…') : msg('Sign in')}</button>
              <button class="link" type="button" @click=${() => this.show('forgot')}>${msg('Forgot your password?')}</button>
            </div>
          </form>
          ${this.renderExternal()}`;
      case 'redeem-code':
        return html`<form part="form" @submit=${this.submitCode}>
          <p>${msg('Enter the invitation code from your email.')}</p>
          <label>${msg('Invitation code')}
            <input name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required
              .value=${this.code} aria-invalid=${invalid} aria-describedby=${describedBy ?? nothing}
              @input=${(e: InputEvent) => (this.code = (e.target as HTMLInputElement).value)} />
          </label>
          <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Continue')}</button></div>
        </form>`;
      case 'redeem-account':
        return html`<form part="form" @submit=${this.submitAccount}>
          <h2>${msg('Create your account')}</h2>
          <p>${msg(str`You will sign in as ${this.invitedEmail}. Choose your password.`)}</p>
          <div class="field">
            <label for="firstName">${msg('First name')}</label>
            <input id="firstName" name="firstName" autocomplete="given-name" aria-describedby="firstName-hint" .value=${this.firstName}
              @input=${(e: InputEvent) => (this.firstName = (e.target as HTMLInputElement).value)} />
            <span class="hint" id="firstName-hint">${msg('Optional')}</span>
          </div>
          ${this.renderNewPassword(describedBy, invalid)}
          <div class="actions">
            <button part="button" type="submit" ?disabled=${this.busy}>${this.busy ? msg('Creating…') : msg('Create account')}</button>
            <button part="button" data-variant="secondary" type="button" @click=${() => this.show('redeem-code')}>${msg('Back')}</button>
          </div>
        </form>`;
      case 'forgot':
        return html`<form part="form" @submit=${this.submitForgot}>
          <h2>${msg('Reset your password')}</h2>
          <p>${msg('We will email you a link to choose a new password.')}</p>
          <label>${msg('Email')}
            <input name="email" type="email" autocomplete="username" required .value=${this.email}
              @input=${(e: InputEvent) => (this.email = (e.target as HTMLInputElement).value)} />
          </label>
          <div class="actions">
            <button part="button" type="submit" ?disabled=${this.busy}>${msg('Send link')}</button>
            <button part="button" data-variant="secondary" type="button" @click=${() => this.show('sign-in')}>${msg('Back to sign in')}</button>
          </div>
        </form>`;
      case 'forgot-sent':
        return html`<div part="form">
          <p part="notice" role="status">${msg(str`If ${this.email} has an account here, a link to reset the password is on its way. It works for one hour.`)}</p>
          <div class="actions">
            <button part="button" data-variant="secondary" type="button" @click=${() => this.show('sign-in')}>${msg('Back to sign in')}</button>
          </div>
        </div>`;
      case 'reset':
        return html`<form part="form" @submit=${this.submitReset}>
          <h2>${msg('Choose a new password')}</h2>
          ${this.renderNewPassword(describedBy, invalid)}
          <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save password')}</button></div>
        </form>`;
    }
  }

  private renderNewPassword(describedBy: string | undefined, invalid: string) {
    return html`<div class="field">
      <label for="newPassword">${msg('New password')}</label>
      <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength="10" maxlength="128" required
        .value=${this.newPassword} aria-invalid=${invalid} aria-describedby=${describedBy ? `password-hint ${describedBy}` : 'password-hint'}
        @input=${(e: InputEvent) => (this.newPassword = (e.target as HTMLInputElement).value)} />
      <span class="hint" id="password-hint">${msg('At least 10 characters')}</span>
    </div>`;
  }

  private renderExternal() {
    const provider = this.business$.value?.externalSignIn;
    if (!provider) return nothing;
    return html`<div class="external">
      <span class="or">${msg('or')}</span>
      <button part="button external-button" data-variant="secondary" type="button" @click=${this.startExternal}>
        ${msg(str`Sign in with ${provider.name}`)}
      </button>
    </div>`;
  }

  private renderSignedIn(session: Session) {
    return html`<div part="form">
      <p part="notice" role="status">${msg(str`Signed in as ${session.user.name || session.user.email}.`)}</p>
      <div class="actions">
        <button part="button" data-variant="secondary" type="button" @click=${this.signOut}>${msg('Sign out')}</button>
      </div>
    </div>`;
  }
}
