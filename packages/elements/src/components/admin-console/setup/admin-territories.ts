import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as setup from '../../../api/admin-setup';
import { setupStyles } from './setup.styles';
import { outcome, trimmed } from './shared';

/**
 * Territories of the scheduling setup: the areas technicians serve. Circles (a centre and a radius)
 * are added here by their numbers; polygons made through the API are listed. Removing one takes it
 * off its technicians.
 * @tag arrivo-admin-territories
 */
@localized()
export class ArrivoAdminTerritories extends ArrivoElement {
  static override styles = setupStyles;

  @state() private notice?: string;
  @state() private formError?: string;
  @state() private busy = false;

  private readonly list = this.data((_, signal) => setup.territories(this.connection, signal), { onError: (err) => this.report(err) });

  private async run(work: () => Promise<unknown>, done: string) {
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      await work();
      await this.list.reload();
      this.notice = done;
    } catch (err) {
      this.formError = this.report(err, () => ({ conflict: msg('There is already a territory with this name.') }));
    } finally {
      this.busy = false;
    }
  }

  private add(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const name = trimmed(data, 'name');
    const body = { name, center: { lat: Number(trimmed(data, 'lat')), lon: Number(trimmed(data, 'lon')) }, radiusKm: Number(trimmed(data, 'radiusKm')) };
    void this.run(() => setup.createTerritory(this.connection, body).then(() => form.reset()), msg(str`Territory ${name} added.`));
  }

  override render() {
    if (this.list.error) return this.renderLoadError(this.list.error, () => this.list.reload());
    const list = this.list.value;
    if (!list) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span></div>`;
    const fmt = new Intl.NumberFormat(this.locale || undefined, { maximumFractionDigits: 4 });
    return html`<section part="panel" aria-labelledby="territories-title">
      <h3 id="territories-title">${msg('Territories')}</h3>
      ${outcome(this.formError, this.notice)}
      ${list.length
        ? html`<ul class="plain">
            ${list.map(
              (t) => html`<li data-territory=${t.id}>
                <strong>${t.name}</strong> ·
                ${t.center && t.radiusKm !== null
                  ? msg(str`${fmt.format(t.radiusKm)} km around ${fmt.format(t.center.lat)}, ${fmt.format(t.center.lon)}`)
                  : msg(str`An area of ${t.polygon?.length ?? 0} points`)}
                <button class="link" type="button" ?disabled=${this.busy} @click=${() => this.run(() => setup.removeTerritory(this.connection, t.id), msg(str`Territory ${t.name} removed.`))}>
                  ${msg('Remove')}<span class="visually-hidden"> ${t.name}</span>
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p part="notice">${msg('No territories yet: technicians go wherever the travel limit lets them.')}</p>`}
      <form part="form" aria-labelledby="add-territory-title" @submit=${this.add}>
        <h4 id="add-territory-title">${msg('Add a circle')}</h4>
        <div class="grid2">
          <label>${msg('Name')}<input name="name" required maxlength="120" autocomplete="off" /></label>
          <label>${msg('Radius (km)')}<input name="radiusKm" type="number" min="0.1" max="1000" step="any" required /></label>
          <label>${msg('Centre latitude')}<input name="lat" type="number" min="-90" max="90" step="any" required /></label>
          <label>${msg('Centre longitude')}<input name="lon" type="number" min="-180" max="180" step="any" required /></label>
        </div>
        <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Add territory')}</button></div>
      </form>
    </section>`;
  }
}
