// The inputs of an address with its coordinates, as the staff API's account and functional-location
// bodies name them: the account form (the console's entry) and the places chunk both draw them.
import { html } from 'lit';
import { msg } from '@lit/localize';

const ADDRESS_FIELDS = ['addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country'] as const;
type Address = { [K in (typeof ADDRESS_FIELDS)[number]]?: string | null } & { lat?: number; lon?: number };

/** The address lines (country `US` until changed) and the latitude and longitude, all named inputs. */
export function addressInputs(a?: Address) {
  const labels: Record<(typeof ADDRESS_FIELDS)[number], string> = {
    addressLine1: msg('Address'),
    addressLine2: msg('Address line 2'),
    city: msg('City'),
    region: msg('State or region'),
    postalCode: msg('Postal code'),
    country: msg('Country (two letters)'),
  };
  const required = new Set(['addressLine1', 'city', 'country']);
  return html`${ADDRESS_FIELDS.map(
      (k) => html`<label>${labels[k]}<input name=${k} ?required=${required.has(k)} maxlength=${k === 'country' ? 2 : 200} .value=${a?.[k] ?? (k === 'country' ? 'US' : '')} /></label>`,
    )}
    <label>${msg('Latitude')}<input name="lat" type="number" step="any" min="-90" max="90" required .value=${a?.lat === undefined ? '' : String(a.lat)} /></label>
    <label>${msg('Longitude')}<input name="lon" type="number" step="any" min="-180" max="180" required .value=${a?.lon === undefined ? '' : String(a.lon)} /></label>`;
}
