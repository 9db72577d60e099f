import type { AppDeps } from '../deps';
import type { EventSubscriber } from './dispatcher';
import { mailSubscriber } from './mail-subscriber';

/** The subscribers every worker runs. Live updates, plugin after-hooks and webhooks join here. */
export function defaultSubscribers(deps: Pick<AppDeps, 'sql' | 'mailer' | 'secrets'>): EventSubscriber[] {
  return [mailSubscriber(deps)];
}
