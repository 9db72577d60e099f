// The browser half of @arrivo/plugin-ev-charger: the panel rating asked as a choice of common
// main-breaker sizes (a radio group with a hint), the service type's icon, a one-line summary of
// the answers, and the plugin's strings in Spanish and Arabic. Written against @arrivo/sdk/client
// only, with the element's own Lit (`field.html`): the built file is about 2 KB.
//
// A page loads it after the elements: `<script type="module" src="…/plugin-ev-charger.js">`.
// Importing this module registers the plugin page-wide; `evChargerClient` is also exported for an
// element's `plugins` property.
import { defineClientPlugin, registerClientPlugin, type FieldRenderContext } from '@arrivo/sdk/client';
import { messages } from './messages';

/** Common main-breaker ratings (amps): 80 and 60 are the older homes a 48 A charger does not fit. */
export const PANEL_SIZES = [60, 80, 100, 125, 150, 200, 400];

// The sizes side by side, wrapping: set through the CSSOM (a property, not a `style` attribute),
// which a page's strict CSP (`style-src 'self'`) allows; the form's own styles know no `.choices`.
const CHOICES = 'display:flex;flex-wrap:wrap;gap:0.25rem 1rem';

function panelAmps(f: FieldRenderContext) {
  const { html } = f;
  const hint = `${f.id}-hint`;
  return html`<fieldset class="plain" id=${f.id} aria-describedby=${hint} data-widget="ev-charger:panel-amps">
    <legend>${f.t(f.label)}</legend>
    <span class="hint" id=${hint}>${f.t('The number on the main breaker, usually at the top of your panel.')}</span>
    <div class="choices" .style=${CHOICES}>
      ${PANEL_SIZES.map(
        (n) => html`<label class="check"
          ><input type="radio" name=${f.key} value=${n} ?required=${f.required} .checked=${f.value === n} @change=${() => f.onChange(n)} />
          ${f.t('{n} A', { n })}</label
        >`,
      )}
    </div>
  </fieldset>`;
}

export const evChargerClient = defineClientPlugin({
  id: 'ev-charger',
  version: '1.0.0',
  fields: { 'panel-amps': panelAmps },
  serviceTypes: {
    'ev-charger-install': {
      icon: ({ html }) =>
        html`<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M13 2 4 14h7l-1 8 9-12h-7z" /></svg>`,
      summarize: (a, { t }) => t('{model}, {panel} A panel, {cable} m of cable', { model: String(a.chargerModel ?? '?'), panel: Number(a.panelAmps ?? 0), cable: Number(a.cableMetres ?? 0) }),
    },
  },
  messages,
});

registerClientPlugin(evChargerClient);

export default evChargerClient;
