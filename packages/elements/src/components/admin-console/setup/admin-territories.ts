import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as setup from '../../../api/admin-setup';
import type { ArrivoAdminTerritoryEditor } from '../map/admin-territory-editor';
import { setupStyles } from './setup.styles';
import { outcome, trimmed } from './shared';

const shapes = new WeakMap<setup.Territory, object>();
/** A territory's shape for the editor: the same object each time, so a re-render does not reset the drawing. */
const shapeOf = (t: setup.Territory) => {
  if (!shapes.has(t)) shapes.set(t, t.polygon ? { polygon: t.polygon } : { center: t.center!, radiusKm: t.radiusKm! });
  return shapes.get(t) as { polygon: [number, number][] } | { center: { lat: number; lon: number }; radiusKm: number };
};

/**
 * Territories of the scheduling setup: the areas technicians serve, each a circle (a centre and a
 * radius) or a polygon, drawn on the map (its chunk loads with this screen) or typed. Removing one
 * takes it off its technicians.
 * @tag arrivo-admin-territories
 */
@localized()
export class ArrivoAdminTerritories extends ArrivoElement {
  static override styles = setupStyles;

  @state() private notice?: string;
  @state() private formError?: string;
  @state() private busy = false;
  /** The territory in the form; undefined for a new one. */
  @state() private editing?: setup.Territory;
  /** A new drawing after each save. */
  @state() private drawn = 0;

  private readonly list = this.data((_, signal) => setup.territories(this.connection, signal), { onError: (err) => this.report(err) });
  /** Where a first territory's map opens: the technicians' start locations. */
  private readonly starts = this.data((_, signal) => setup.technicians(this.connection, signal).then((ts) => ts.map((t) => t.start)), { onError: (err) => this.report(err) });

  override connectedCallback(): void {
    super.connectedCallback();
    import('../map/define').catch((err: unknown) => this.report(err));
  }

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

  private save(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = trimmed(new FormData(form), 'name');
    const shape = form.querySelector<ArrivoAdminTerritoryEditor>('arrivo-admin-territory-editor')?.shape;
    if (!shape) {
      this.notice = undefined;
      this.formError = msg('Draw the area first: a circle with its centre and radius, or a finished polygon.');
      return;
    }
    const editing = this.editing;
    void this.run(
      () => (editing ? setup.updateTerritory(this.connection, editing.id, { name, ...shape }) : setup.createTerritory(this.connection, { name, ...shape })).then(() => {
        form.reset();
        this.editing = undefined;
        this.drawn++;
      }),
      editing ? msg(str`Territory ${name} saved.`) : msg(str`Territory ${name} added.`),
    );
  }

  override render() {
    if (this.list.error) return this.renderLoadError(this.list.error, () => this.list.reload());
    const list = this.list.value;
    if (!list) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span></span></div>`;
    const fmt = new Intl.NumberFormat(this.locale || undefined, { maximumFractionDigits: 4 });
    const editing = this.editing;
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
                <button class="link" type="button" data-action="edit" ?disabled=${this.busy} @click=${() => ((this.editing = t), (this.notice = this.formError = undefined))}>
                  ${msg('Edit')}<span class="visually-hidden"> ${t.name}</span>
                </button>
                <button class="link" type="button" ?disabled=${this.busy} @click=${() => this.run(() => setup.removeTerritory(this.connection, t.id), msg(str`Territory ${t.name} removed.`))}>
                  ${msg('Remove')}<span class="visually-hidden"> ${t.name}</span>
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p part="notice">${msg('No territories yet: technicians go wherever the travel limit lets them.')}</p>`}
      <form part="form" aria-labelledby="add-territory-title" @submit=${this.save}>
        <h4 id="add-territory-title">${editing ? msg(str`Edit ${editing.name}`) : msg('Add a territory')}</h4>
        <label>${msg('Name')}<input name="name" required maxlength="120" autocomplete="off" .value=${editing?.name ?? ''} /></label>
        ${keyed(
          this.drawn,
          html`<arrivo-admin-territory-editor
            .value=${editing ? shapeOf(editing) : null}
            .others=${list.filter((t) => t !== editing).map(shapeOf)}
            .near=${this.starts.value ?? []}
            locale=${this.locale || nothing}
          ></arrivo-admin-territory-editor>`,
        )}
        <div class="actions">
          <button part="button" type="submit" ?disabled=${this.busy}>${editing ? msg('Save territory') : msg('Add territory')}</button>
          ${editing ? html`<button part="button" data-variant="secondary" type="button" @click=${() => (this.editing = undefined)}>${msg('Cancel')}</button>` : nothing}
        </div>
      </form>
    </section>`;
  }
}
