import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Role } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import * as admin from '../../api/admin-people';
import { peopleMessages as messages } from '../../area-messages/admin-people';
import { adminConsoleStyles } from './admin-console.styles';

const PAGE = 20;
const ROLE_ORDER: Role[] = ['admin', 'dispatcher', 'technician', 'customer'];

const roleLabel = (r: Role) => ({ admin: msg('Administrator'), dispatcher: msg('Dispatcher'), technician: msg('Technician'), customer: msg('Customer') })[r];

const checked = (form: HTMLFormElement) => ROLE_ORDER.filter((r) => new FormData(form).getAll('role').includes(r));

/**
 * People of the business and their roles (admins): search by name or email, filter by role, a page
 * at a time; give roles to someone who already has a sign-in; change or remove a person's roles.
 * Taking a role away signs the person out at this business. The console loads it with import().
 * @tag arrivo-admin-people
 */
@localized()
export class ArrivoAdminPeople extends ArrivoElement {
  static override styles = [
    ...adminConsoleStyles,
    css`
      .person {
        grid-template-columns: minmax(0, 1fr) auto;
        align-items: center;
        gap: 0.5rem 1rem;
        padding: 0.75rem 1rem;
        border: 1px solid var(--_border);
        border-radius: var(--arrivo-radius, 0.5rem);
      }
      .person .actions {
        grid-column: 2;
        grid-row: 1 / span 2;
      }
      .who {
        display: grid;
        gap: 0.125rem;
      }
      .roles {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1.25rem;
        margin: 0;
        padding: 0;
        border: 0;
      }
      .paging {
        margin-block: 1.25rem 1.5rem;
      }
    `,
  ];

  @state() private q = '';
  @state() private roleFilter: Role | '' = '';
  @state() private offset = 0;
  @state() private notice?: string;
  @state() private formError?: string;
  @state() private busy = false;

  private readonly page = this.data(
    ([q, role, offset], signal) => admin.people(this.connection, { q: q || undefined, role: role || undefined, offset, limit: PAGE }, signal),
    { args: () => [this.q, this.roleFilter, this.offset] as const, onError: (err) => this.report(err, messages) },
  );

  private async run<T>(work: () => Promise<T>, done: (result: T) => string) {
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      const result = await work();
      await this.page.reload();
      this.notice = done(result);
    } catch (err) {
      this.formError = this.report(err, messages);
    } finally {
      this.busy = false;
    }
  }

  private search(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.q = String(data.get('q') ?? '').trim();
    this.roleFilter = (ROLE_ORDER as string[]).includes(String(data.get('role'))) ? (data.get('role') as Role) : '';
    this.offset = 0;
  }

  private grant(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const email = String(new FormData(form).get('email') ?? '').trim();
    const roles = checked(form);
    if (!roles.length) {
      this.formError = msg('Choose at least one role.');
      return;
    }
    void this.run(
      () => admin.grantRoles(this.connection, { email, roles }),
      (p) => {
        form.reset();
        return msg(str`${p.name || p.email} now has the roles: ${p.roles.map(roleLabel).join(', ')}.`);
      },
    );
  }

  private save(e: SubmitEvent, p: admin.Person) {
    e.preventDefault();
    const roles = checked(e.target as HTMLFormElement);
    const who = p.name || p.email;
    const removed = p.roles.some((r) => !roles.includes(r));
    void this.run(
      () => admin.setRoles(this.connection, p.userId, roles),
      (r) =>
        !r.person
          ? msg(str`${who} no longer has any role here and was signed out.`)
          : removed
            ? msg(str`Roles of ${who} saved; they were signed out here and sign in again with their new roles.`)
            : msg(str`Roles of ${who} saved.`),
    );
  }

  override render() {
    return html`<div class="toolbar"><h2>${msg('People and roles')}</h2></div>
      ${this.formError ? html`<p part="error" role="alert">${this.formError}</p>` : nothing}${this.notice ? html`<p part="notice" role="status">${this.notice}</p>` : nothing}
      <form part="form" role="search" @submit=${this.search}>
        <div class="grid2">
          <label>${msg('Name or email')}<input type="search" name="q" maxlength="100" .value=${this.q} /></label>
          <label>${msg('Role')}
            <select name="role">
              <option value="" ?selected=${!this.roleFilter}>${msg('Any role')}</option>
              ${ROLE_ORDER.map((r) => html`<option value=${r} ?selected=${this.roleFilter === r}>${roleLabel(r)}</option>`)}
            </select>
          </label>
        </div>
        <div class="actions"><button part="button" data-variant="secondary" type="submit">${msg('Search')}</button></div>
      </form>
      ${this.renderPage()}
      <form part="form panel" aria-labelledby="grant-title" data-form="grant" @submit=${this.grant}>
        <h3 id="grant-title">${msg('Give roles to someone')}</h3>
        <p class="hint">${msg('The person must already have a sign-in with this email. Customers get theirs by redeeming an invitation (Accounts and contacts).')}</p>
        <label>${msg('Email')}<input name="email" type="email" required maxlength="254" autocomplete="off" /></label>
        <fieldset class="roles">
          <legend>${msg('Roles')}</legend>
          ${ROLE_ORDER.filter((r) => r !== 'customer').map((r) => html`<label class="check"><input type="checkbox" name="role" value=${r} />${roleLabel(r)}</label>`)}
        </fieldset>
        <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Give roles')}</button></div>
      </form>`;
  }

  private renderPage() {
    if (this.page.error) return this.renderLoadError(this.page.error, () => this.page.reload(), messages);
    const page = this.page.value;
    if (!page) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span><span></span></div>`;
    if (!page.items.length) return html`<p part="notice">${msg('Nothing found.')}</p>`;
    const self = this.session?.user.id;
    return html`<ul class="plain" aria-label=${msg('People')}>
        ${page.items.map((p) => {
          const who = p.name || p.email;
          return html`<li data-person=${p.userId}>
            <form part="form" class="person" aria-label=${msg(str`Roles of ${who}`)} @submit=${(e: SubmitEvent) => this.save(e, p)}>
              <div class="who">
                <span><strong>${who}</strong>${p.userId === self ? html` <span part="badge">${msg('You')}</span>` : nothing}</span>
                <span class="hint">${p.email}</span>
              </div>
              <fieldset class="roles">
                <legend class="visually-hidden">${msg(str`Roles of ${who}`)}</legend>
                ${ROLE_ORDER.map(
                  (r) => html`<label class="check"><input type="checkbox" name="role" value=${r} .checked=${p.roles.includes(r)}
                    ?disabled=${r === 'customer' && !p.contact && !p.roles.includes(r)} />${roleLabel(r)}</label>`,
                )}
              </fieldset>
              <div class="actions">
                <button part="button" data-size="small" type="submit" ?disabled=${this.busy}>${msg('Save roles')}<span class="visually-hidden"> ${msg(str`of ${who}`)}</span></button>
              </div>
            </form>
          </li>`;
        })}
      </ul>
      <div class="actions paging">
        <button part="button" data-variant="secondary" data-size="small" type="button" ?disabled=${this.offset === 0} @click=${() => (this.offset = Math.max(0, this.offset - PAGE))}>${msg('Previous page')}</button>
        <button part="button" data-variant="secondary" data-size="small" type="button" ?disabled=${page.nextOffset === null} @click=${() => (this.offset = page.nextOffset ?? this.offset)}>${msg('Next page')}</button>
      </div>`;
  }
}

ArrivoAdminPeople.define('arrivo-admin-people');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-people': ArrivoAdminPeople;
  }
}
