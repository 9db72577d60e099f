// Plugins' notification channels on the delivery path. Queueing a customer message also queues a
// copy for every channel of the plugins the business enabled that wants the message's event and
// carries what the contact chose (its own log row, job, retries); delivering a copy calls the
// plugin through the one plugin-call helper.
import type { ChannelMessage, ChannelResult, NotificationChannel } from '@arrivo/sdk/server';
import type { Tx } from '../db/client';
import { insertNotification } from '../db/queries/notifications';
import { findEnabledPlugins } from '../db/queries/plugins';
import type { AppDeps } from '../deps';
import { NOTIFICATIONS_QUEUE } from '../events/queue';
import { callPlugin } from '../plugins/invoke';

/** A channel as delivery uses it: the built-in email one, or a plugin's wrapped with its context. */
export interface DeliveryChannel {
  key: string;
  send(message: ChannelMessage): Promise<ChannelResult>;
}

/** Who a message is for, as far as the contact's choices go (see queueNotification). */
export interface RecipientChoice {
  /** Email (the built-in channel and `address: 'email'` channels). */
  email: boolean;
  /** The phone number for `address: 'phone'` channels; null unless the contact chose SMS and has one. */
  phone: string | null;
}

/**
 * Queue a copy of one message for each enabled plugin channel that wants its event and whose
 * `address` the recipient chose: `'email'` channels with the email, `'phone'` channels to the phone.
 * Returns the ids of the copies queued now.
 */
export async function queuePluginChannelCopies(
  tx: Tx,
  deps: Pick<AppDeps, 'plugins' | 'queue' | 'secrets'>,
  n: { businessId: string; bookingId: string | null; contactId: string | null; event: string; kind: string; language: string; key: string },
  message: ChannelMessage,
  choice: RecipientChoice,
): Promise<string[]> {
  const carried = (c: NotificationChannel) => (c.events as string[]).includes(message.event) && (c.address === 'phone' ? Boolean(choice.phone) : choice.email);
  const listening = deps.plugins.installed.filter((p) => p.plugin.channels?.some(carried));
  if (!listening.length) return [];
  const found = await findEnabledPlugins(tx, n.businessId);
  const queued: string[] = [];
  for (const p of listening) {
    if (!found?.enabled.has(p.id)) continue;
    for (const channel of p.plugin.channels!.filter(carried)) {
      const key = `${p.id}.${channel.key}`;
      const copy: ChannelMessage = channel.address === 'phone' ? { ...message, to: choice.phone!, phone: choice.phone! } : message;
      const id = await insertNotification(tx, {
        businessId: n.businessId,
        bookingId: n.bookingId,
        contactId: n.contactId,
        channel: key,
        event: n.event,
        message: n.kind,
        language: n.language,
        recipient: copy.to,
        idempotencyKey: `${n.key}|${key}`,
        sealedContent: deps.secrets.seal(JSON.stringify(copy)),
      });
      if (id) {
        await deps.queue.send(tx, NOTIFICATIONS_QUEUE, { notificationId: id });
        queued.push(id);
      }
    }
  }
  return queued;
}

/**
 * The plugin channel a log row names (`<plugin id>.<key>`), bound to its business's context; none
 * when the plugin is not installed or the business no longer has it enabled. A throw or time-out
 * is a retryable failure.
 */
export async function pluginChannelFor(tx: Tx, deps: Pick<AppDeps, 'plugins'>, businessId: string, channelKey: string): Promise<DeliveryChannel | undefined> {
  const dot = channelKey.indexOf('.');
  const p = dot > 0 ? deps.plugins.get(channelKey.slice(0, dot)) : undefined;
  const channel = p?.plugin.channels?.find((c) => c.key === channelKey.slice(dot + 1));
  if (!p || !channel) return undefined;
  const found = await findEnabledPlugins(tx, businessId);
  if (!found?.enabled.has(p.id)) return undefined;
  const scope = { business: found.business, settings: found.enabled.get(p.id) };
  return {
    key: channelKey,
    send: (message) =>
      callPlugin(deps.plugins, p, `channel ${channel.key}`, scope, (ctx) => channel.send(message, ctx)).catch((err: Error) => ({ ok: false as const, retryable: true, error: err.message })),
  };
}
