import { css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { Connection } from '../../../api/http';
import type { Messages } from '../../../messages';
// Through its definer, as the portal does: the form stays in its own file, which customer pages
// load unchanged, and this chunk imports it from there (never a copy, never a split of it).
import { ArrivoBookingForm } from '../../../arrivo-booking-form';

/** A request the preview never sends: nothing is booked from it. */
class NotInPreview extends Error {}

// What the customer's booking form asks for, and where staff read the same for an account.
const READS: Record<string, string> = { 'me/service-types': 'service-types', 'me/assets': 'assets', 'me/slot-days': 'slot-days', 'me/slots': 'slots' };

/**
 * The customer's own booking form, for the account staff chose: its reads (service types, products,
 * free days and times) go to the staff endpoints that answer as that account's customer would be
 * answered; it can send nothing else, and has no Book button. Defined only in the console's lazy
 * preview chunk: the customer's form is unchanged.
 * @tag arrivo-booking-preview
 */
@localized()
export class ArrivoBookingPreview extends ArrivoBookingForm {
  static override styles = [
    ...ArrivoBookingForm.styles,
    css`
      .actions button[type='submit'] {
        display: none;
      }
    `,
  ];

  /** The account whose customer's view this is. */
  @property({ attribute: 'account-id' }) accountId = '';

  private wrapped?: { base: Connection; accountId: string; connection: Connection };

  protected override get connection(): Connection {
    const base = super.connection;
    if (this.wrapped?.base !== base || this.wrapped.accountId !== this.accountId) {
      const accountId = this.accountId;
      this.wrapped = {
        base,
        accountId,
        connection: {
          api: base.api,
          business: base.business,
          url: base.url,
          call: <T>(path: string, options: Parameters<Connection['call']>[1] = {}) => {
            const read = READS[path];
            if ((options.method ?? 'get') !== 'get' || (path !== '' && !read)) return Promise.reject(new NotInPreview(path));
            return base.call<T>(read ? `admin/accounts/${encodeURIComponent(accountId)}/${read}` : path, options);
          },
        },
      };
    }
    return this.wrapped.connection;
  }

  protected override report(err: unknown, area?: () => Messages): string {
    return err instanceof NotInPreview ? msg('Preview — nothing is booked.') : super.report(err, area);
  }

  override render() {
    return html`${super.render()}
      <p part="notice" data-preview role="note"><strong>${msg('Preview — nothing is booked.')}</strong> ${msg('The customer would press Book here.')}</p>`;
  }
}
