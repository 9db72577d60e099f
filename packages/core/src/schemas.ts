import { z } from 'zod';

/** Public identifier of a business in URLs and the elements' `business` attribute. */
export const slugSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens');

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone such as America/Los_Angeles');

export const latitudeSchema = z.number().min(-90).max(90);
export const longitudeSchema = z.number().min(-180).max(180);

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({ ok: z.boolean(), latencyMs: z.number().nonnegative() }),
    version: z.string(),
    time: z.iso.datetime(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof healthSchema>;

/** What any page may know about a business before signing in. */
export const publicBusinessSchema = z
  .object({
    slug: slugSchema,
    name: z.string(),
    timeZone: z.string(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    /** The external identity provider customers may sign in with, when one is configured. */
    externalSignIn: z.object({ name: z.string() }).nullable(),
    /** What the booking form shows: a product (asset) choice, a comments box; how far ahead. */
    selfScheduling: z.object({ assetSelection: z.boolean(), additionalDetails: z.boolean(), maxLeadDays: z.number().int() }),
  })
  .meta({ id: 'PublicBusiness' });
export type PublicBusiness = z.infer<typeof publicBusinessSchema>;

export const errorBodySchema = z
  .object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Error' });
