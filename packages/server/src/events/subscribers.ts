import type { AppDeps } from '../deps';
import type { EventSubscriber } from './dispatcher';
import { feedbackAlertsSubscriber } from './feedback-alerts';
import { liveUpdatesSubscriber } from './live-subscriber';
import { mailSubscriber } from './mail-subscriber';
import { notificationsSubscriber } from './notifications';

/** The subscribers every worker runs. Plugin after-hooks and webhooks join here. */
export function defaultSubscribers(deps: Pick<AppDeps, 'sql' | 'mailer' | 'secrets' | 'live' | 'publicUrl' | 'queue'>): EventSubscriber[] {
  return [mailSubscriber(deps), notificationsSubscriber(deps), liveUpdatesSubscriber(deps), feedbackAlertsSubscriber(deps)];
}
