// Plugins' notification channels on the delivery path. Queueing a customer message also queues a
// copy for every channel of the plugins the business enabled that wants the message's event (its
// own log row, job, retries); delivering a copy calls the plugin through the one plugin-call helper.
import type { ChannelMessage, ChannelResult } from '@arrivo/sdk/server';
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

/** Queue a copy of one message (already sealed) for each enabled plugin channel that wants its event. */
export async function queuePluginChannelCopies(
  tx: Tx,
  deps: Pick<AppDeps, 'plugins' | 'queue'>,
  n: { businessId: string; bookingId: string | null; contactId: string | null; event: string; kind: string; language: string; key: string; recipient: string; channelEvent: string },
  sealedContent: string,
): Promise<void> {
  const listening = deps.plugins.installed.filter((p) => p.plugin.channels?.some((c) => (c.events as string[]).includes(n.channelEvent)));
  if (!listening.length) return;
  const found = await findEnabledPlugins(tx, n.businessId);
  for (const p of listening) {
    if (!found?.enabled.has(p.id)) continue;
    for (const channel of p.plugin.channels!.filter((c) => (c.events as string[]).includes(n.channelEvent))) {
      const key = `${p.id}.${channel.key}`;
      const id = await insertNotification(tx, {
        businessId: n.businessId,
        bookingId: n.bookingId,
        contactId: n.contactId,
        channel: key,
        event: n.event,
        message: n.kind,
        language: n.language,
        recipient: n.recipient,
        idempotencyKey: `${n.key}|${key}`,
        sealedContent,
      });
      if (id) await deps.queue.send(tx, NOTIFICATIONS_QUEUE, { notificationId: id });
    }
  }
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
