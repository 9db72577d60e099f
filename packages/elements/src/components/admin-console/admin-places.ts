import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../base/arrivo-element';
import { addressInputs } from './address-fields';
import { NOTHING } from '../../base/data';
import * as places from '../../api/admin-places';
import { placesMessages } from '../../area-messages/admin-places';
import { adminConsoleStyles } from './admin-console.styles';


/** A location form's fields as a body: empty optional ones are null, coordinates numbers. */
function locationBody(form: HTMLFormElement): places.LocationInput {
  const data = new FormData(form);
  const value = (k: string) => String(data.get(k) ?? '').trim();
  return {
    name: value('name'),
    addressLine1: value('addressLine1'),
    addressLine2: value('addressLine2') || null,
    city: value('city'),
    region: value('region') || null,
    postalCode: value('postalCode') || null,
    country: value('country').toUpperCase() || 'US',
    lat: Number(value('lat')),
    lon: Number(value('lon')),
  };
}

function assetBody(form: HTMLFormElement) {
  const data = new FormData(form);
  const value = (k: string) => String(data.get(k) ?? '').trim();
  return { name: value('name'), serialNumber: value('serialNumber') || null, functionalLocationId: value('functionalLocationId') || null };
}

/**
 * An account's functional locations (where its assets are installed, when not at the account's
 * own address) and its assets: list, add, edit; delete an asset, or a location no asset is at.
 * The accounts screen loads it with import() when an account is opened.
 * @tag arrivo-admin-places
 */
@localized()
export class ArrivoAdminPlaces extends ArrivoElement {
  static override styles = [
    ...adminConsoleStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
    `,
  ];

  /** The account whose places are shown. */
  @property({ attribute: 'account-id' }) accountId = '';

  @state() private notice?: string;
  @state() private formError?: string;
  @state() private busy = false;

  private readonly lists = this.data(
    ([id], signal) => (id ? Promise.all([places.locations(this.connection, id, signal), places.assets(this.connection, id, signal)]) : Promise.resolve(NOTHING)),
    { args: () => [this.accountId] as const, onError: (err) => this.report(err, placesMessages) },
  );

  private async run(work: () => Promise<unknown>, done: string, form?: HTMLFormElement) {
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      await work();
      form?.reset();
      await this.lists.reload();
      this.notice = done;
    } catch (err) {
      this.formError = this.report(err, placesMessages);
    } finally {
      this.busy = false;
    }
  }

  private addLocation(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body = locationBody(form);
    void this.run(() => places.createLocation(this.connection, this.accountId, body), msg(str`Location ${body.name} added.`), form);
  }

  private saveLocation(e: SubmitEvent, l: places.FunctionalLocation) {
    e.preventDefault();
    const body = locationBody(e.target as HTMLFormElement);
    void this.run(() => places.updateLocation(this.connection, l.id, body), msg(str`Location ${body.name} saved.`));
  }

  private removeLocation(l: places.FunctionalLocation) {
    void this.run(() => places.removeLocation(this.connection, l.id), msg(str`Location ${l.name} deleted.`));
  }

  private addAsset(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body = assetBody(form);
    void this.run(() => places.createAsset(this.connection, this.accountId, body), msg(str`Asset ${body.name} added.`), form);
  }

  private saveAsset(e: SubmitEvent, a: places.Asset) {
    e.preventDefault();
    const body = assetBody(e.target as HTMLFormElement);
    void this.run(() => places.updateAsset(this.connection, a.id, body), msg(str`Asset ${body.name} saved.`));
  }

  private removeAsset(a: places.Asset) {
    void this.run(() => places.removeAsset(this.connection, a.id), msg(str`Asset ${a.name} deleted.`));
  }

  override render() {
    if (this.lists.error) return this.renderLoadError(this.lists.error, () => this.lists.reload(), placesMessages);
    const loaded = this.lists.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span></div>`;
    const [locations, assets] = loaded;
    return html`${this.formError ? html`<p part="error" role="alert">${this.formError}</p>` : nothing}${this.notice ? html`<p part="notice" role="status">${this.notice}</p>` : nothing}
      <section part="panel" aria-labelledby="locations-title">
        <h3 id="locations-title">${msg('Functional locations')}</h3>
        <p class="hint">${msg('Where assets are installed when not at the account’s own address; a visit for an asset goes to its location.')}</p>
        ${locations.length
          ? html`<ul class="plain">
              ${locations.map(
                (l) => html`<li data-location=${l.id}>
                  <details>
                    <summary>${l.name} · ${l.addressLine1}, ${l.city}</summary>
                    <form part="form" aria-label=${msg(str`Location ${l.name}`)} @submit=${(e: SubmitEvent) => this.saveLocation(e, l)}>
                      ${this.locationFields(l)}
                      <div class="actions">
                        <button part="button" data-size="small" type="submit" ?disabled=${this.busy}>${msg('Save location')}</button>
                        <button part="button" data-variant="secondary" data-size="small" type="button" data-action="remove-location" ?disabled=${this.busy} @click=${() => this.removeLocation(l)}>
                          ${msg('Delete')}<span class="visually-hidden"> ${l.name}</span>
                        </button>
                      </div>
                    </form>
                  </details>
                </li>`,
              )}
            </ul>`
          : html`<p>${msg('No functional locations yet.')}</p>`}
        <details>
          <summary>${msg('Add location')}</summary>
          <form part="form" aria-label=${msg('Add location')} data-form="add-location" @submit=${this.addLocation}>
            ${this.locationFields()}
            <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Add location')}</button></div>
          </form>
        </details>
      </section>
      <section part="panel" aria-labelledby="assets-title">
        <h3 id="assets-title">${msg('Assets')}</h3>
        ${assets.length
          ? html`<ul class="plain">
              ${assets.map(
                (a) => html`<li data-asset=${a.id}>
                  <form part="form" aria-label=${msg(str`Asset ${a.name}`)} @submit=${(e: SubmitEvent) => this.saveAsset(e, a)}>
                    ${this.assetFields(locations, a)}
                    <div class="actions">
                      <button part="button" data-size="small" type="submit" ?disabled=${this.busy}>${msg('Save asset')}</button>
                      <button part="button" data-variant="secondary" data-size="small" type="button" data-action="remove-asset" ?disabled=${this.busy} @click=${() => this.removeAsset(a)}>
                        ${msg('Delete')}<span class="visually-hidden"> ${a.name}</span>
                      </button>
                    </div>
                  </form>
                </li>`,
              )}
            </ul>`
          : html`<p>${msg('No assets yet.')}</p>`}
        <form part="form" aria-labelledby="add-asset-title" data-form="add-asset" @submit=${this.addAsset}>
          <h4 id="add-asset-title">${msg('Add asset')}</h4>
          ${this.assetFields(locations)}
          <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Add asset')}</button></div>
        </form>
      </section>`;
  }

  private locationFields(l?: places.FunctionalLocation) {
    return html`<div class="grid2">
      <label>${msg('Name')}<input name="name" required maxlength="200" autocomplete="off" .value=${l?.name ?? ''} /></label>
      ${addressInputs(l)}
    </div>`;
  }

  private assetFields(locations: places.FunctionalLocation[], a?: places.Asset) {
    return html`<div class="grid2">
      <label>${msg('Name')}<input name="name" required maxlength="200" autocomplete="off" .value=${a?.name ?? ''} /></label>
      <label>${msg('Serial number')}<input name="serialNumber" maxlength="100" autocomplete="off" .value=${a?.serialNumber ?? ''} /></label>
      <label>${msg('Installed at')}
        <select name="functionalLocationId">
          <option value="" ?selected=${!a?.functionalLocationId}>${msg('The account’s address')}</option>
          ${locations.map((l) => html`<option value=${l.id} ?selected=${a?.functionalLocationId === l.id}>${l.name}</option>`)}
        </select>
      </label>
    </div>`;
  }
}

ArrivoAdminPlaces.define('arrivo-admin-places');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-places': ArrivoAdminPlaces;
  }
}
