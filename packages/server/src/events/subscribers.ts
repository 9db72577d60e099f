import type { AppDeps } from '../deps';
import type { EventSubscriber } from './dispatcher';
import { feedbackAlertsSubscriber } from './feedback-alerts';
import { liveUpdatesSubscriber } from './live-subscriber';
import { mailSubscriber } from './mail-subscriber';
import { notificationsSubscriber } from './notifications';
import { pluginSubscribers } from './plugin-subscriber';

/** The subscribers every worker runs: the product's own, then one per plugin with after-hooks. */
export function defaultSubscribers(deps: Pick<AppDeps, 'sql' | 'mailer' | 'secrets' | 'live' | 'publicUrl' | 'queue' | 'plugins'>): EventSubscriber[] {
  return [mailSubscriber(deps), notificationsSubscriber(deps), liveUpdatesSubscriber(deps), feedbackAlertsSubscriber(deps), ...pluginSubscribers(deps)];
}
