import { z } from 'zod';

export const AUTO_INVITE = ['all_contacts', 'new_contacts', 'off'] as const;

const origin = z
  .url({ protocol: /^https?$/ })
  .refine((u) => new URL(u).origin === u.replace(/\/$/, ''), 'an origin only: scheme://host[:port], no path')
  .transform((u) => new URL(u).origin);

/** Access settings; the scheduling settings join them in the scheduling API. */
export const accessSettingsSchema = z
  .object({
    /** Invite contacts automatically when they are added to an active account. */
    autoInvite: z.enum(AUTO_INVITE),
    invitationTtlHours: z.number().int().min(1).max(2160),
    /** Pages on these origins may embed the elements (exact match; never a wildcard). */
    allowedOrigins: z.array(origin).max(50),
    /** Page that hosts the portal, for links in emails; absolute, or a path on this server. */
    portalUrl: z.string().max(1000).nullable(),
  })
  .meta({ id: 'AccessSettings' });
export type AccessSettings = z.infer<typeof accessSettingsSchema>;
export const accessSettingsPatchSchema = accessSettingsSchema.partial().strict().meta({ id: 'AccessSettingsPatch' });
