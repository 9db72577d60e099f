import { z } from 'zod';
import { text } from './schemas';

export const AUTO_INVITE = ['all_contacts', 'new_contacts', 'off'] as const;

/**
 * The origin `value` names exactly (http(s)://host[:port], an optional trailing slash), or null.
 * The URL parser lets "*" through in a host name, so host names are held to DNS letters too.
 */
function exactOrigin(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const { origin, protocol, hostname } = new URL(value);
  const plainHost = /^[a-z0-9.-]+$/.test(hostname) || /^\[[0-9a-f:.]+\]$/.test(hostname);
  return (protocol === 'http:' || protocol === 'https:') && plainHost && origin === value.replace(/\/$/, '') ? origin : null;
}

// Checked in one refine that never throws: "*", "null" and other non-URLs are refused, not crashed on.
const origin = text
  .refine((u) => exactOrigin(u) !== null, 'an exact origin such as https://shop.example.com (no wildcard, no "null", no path)')
  .transform((u) => exactOrigin(u)!);

/** An absolute http(s) URL, or a path on this server (one leading slash: "//host" would leave it). */
function isPortalUrl(value: string): boolean {
  if (value.startsWith('/')) return /^\/(?![/\\])\S*$/.test(value);
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
}
const portalUrl = text.max(1000).refine(isPortalUrl, 'an http(s) URL, or a path on this server such as /book.html');

/** Access settings; the scheduling settings join them in the scheduling API. */
export const accessSettingsSchema = z
  .object({
    /** Invite contacts automatically when they are added to an active account. */
    autoInvite: z.enum(AUTO_INVITE),
    invitationTtlHours: z.number().int().min(1).max(2160),
    /** Pages on these origins may embed the elements (exact match; never a wildcard). */
    allowedOrigins: z.array(origin).max(50),
    /** Page that hosts the portal, for links in emails: an http(s) URL, or a path on this server. */
    portalUrl: portalUrl.nullable(),
  })
  .meta({ id: 'AccessSettings' });
export type AccessSettings = z.infer<typeof accessSettingsSchema>;
export const accessSettingsPatchSchema = accessSettingsSchema.partial().strict().meta({ id: 'AccessSettingsPatch' });
