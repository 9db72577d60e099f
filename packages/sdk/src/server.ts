// The plugin contract (ARCHITECTURE §6): what a plugin may declare. Plugins import only this
// package, never server internals. The server's plugin loader arrives with the plugin issue;
// this is the contract it will load.
import type { BookingStatus, LatLon } from '@arrivo/core';

export const SDK_VERSION = '1.0.0';

/** An extra question on the booking form, rendered by a client plugin's field renderer. */
export interface FieldDescriptor {
  key: string;
  label: string;
  kind: string;
  required?: boolean;
  options?: string[];
}

export interface PluginServiceType {
  key: string;
  label: string;
  /** Minutes, or minutes from the answers to the intake fields. */
  duration: number | ((answers: Record<string, unknown>) => number);
  requiredSkills: string[];
  fields?: FieldDescriptor[];
}

export interface AvailabilityRule {
  id: string;
  /** Extra busy time for a technician in [from, to) (instants in ms). */
  busy?(query: { resourceId: string; from: number; to: number }): Promise<{ startsAt: number; endsAt: number }[]>;
  /** Veto an otherwise free arrival. */
  accept?(slot: { resourceId: string; arrivalAt: number; location: LatLon }): boolean | Promise<boolean>;
}

export interface TravelTimePlugin {
  minutes(from: LatLon, to: LatLon, departAt: number): number | Promise<number>;
}

export type NotificationEvent =
  | 'booking.created'
  | 'booking.rescheduled'
  | 'booking.canceled'
  | `booking.status.${BookingStatus}`
  | 'booking.reminder'
  | 'booking.arriving'
  | 'feedback.low_score'
  | 'invitation.created'
  | 'password_reset.requested';

/** One message for one recipient. `html` and `attachments` are for channels that can carry them (email). */
export interface ChannelMessage {
  event: NotificationEvent;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface NotificationChannel {
  key: string;
  events: NotificationEvent[];
  /** `retryable: false` means trying again cannot help (a rejected address); `error` goes to the delivery log. */
  send(message: ChannelMessage): Promise<{ ok: true } | { ok: false; retryable: boolean; error?: string }>;
}

export interface ArrivoPlugin {
  /** Lowercase, digits and dashes: `ev-charger`. Prefixes its tables and settings. */
  id: string;
  version: string;
  /** The SDK major this plugin was written against, e.g. `^1`. */
  sdk: string;
  serviceTypes?: PluginServiceType[];
  availability?: AvailabilityRule[];
  travelTime?: TravelTimePlugin;
  channels?: NotificationChannel[];
  migrations?: { id: string; sql: string }[];
}

export class PluginDefinitionError extends Error {}

/** Check a plugin's declaration once, when it is defined, so mistakes fail at start, not at booking. */
export function definePlugin<P extends ArrivoPlugin>(plugin: P): Readonly<P> {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(plugin.id)) throw new PluginDefinitionError(`Plugin id "${plugin.id}" must be lowercase letters, digits and dashes.`);
  if (!/^\d+\.\d+\.\d+/.test(plugin.version)) throw new PluginDefinitionError(`Plugin ${plugin.id}: version "${plugin.version}" is not semver.`);
  const major = /^\^?(\d+)/.exec(plugin.sdk)?.[1];
  if (major !== SDK_VERSION.split('.')[0]) throw new PluginDefinitionError(`Plugin ${plugin.id} needs SDK ${plugin.sdk}; this is ${SDK_VERSION}.`);
  const keys = plugin.serviceTypes?.map((t) => t.key) ?? [];
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) throw new PluginDefinitionError(`Plugin ${plugin.id} declares service type "${duplicate}" twice.`);
  for (const m of plugin.migrations ?? []) {
    if (!m.id.startsWith(`${plugin.id}_`)) throw new PluginDefinitionError(`Plugin ${plugin.id}: migration "${m.id}" must start with "${plugin.id}_".`);
  }
  return Object.freeze(plugin);
}
