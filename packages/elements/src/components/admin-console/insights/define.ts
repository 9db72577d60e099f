// The insights screens, loaded by the console with import() the first time they are opened: the
// console's entry does not carry them.
import { ArrivoAdminInsights } from './admin-insights';
import { ArrivoAdminCounts } from './admin-counts';
import { ArrivoAdminDeliveryLog } from './admin-delivery-log';
import { ArrivoAdminFeedback } from './admin-feedback';

export { ArrivoAdminInsights, ArrivoAdminCounts, ArrivoAdminDeliveryLog, ArrivoAdminFeedback };
ArrivoAdminCounts.define('arrivo-admin-counts');
ArrivoAdminDeliveryLog.define('arrivo-admin-delivery-log');
ArrivoAdminFeedback.define('arrivo-admin-feedback');
ArrivoAdminInsights.define('arrivo-admin-insights');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-insights': ArrivoAdminInsights;
    'arrivo-admin-counts': ArrivoAdminCounts;
    'arrivo-admin-delivery-log': ArrivoAdminDeliveryLog;
    'arrivo-admin-feedback': ArrivoAdminFeedback;
  }
}
