import { z } from 'zod';

/**
 * Characters PostgreSQL cannot store: NUL (U+0000) is refused in text and jsonb (SQLSTATE 22021),
 * and a UTF-16 surrogate without its pair has no UTF-8 form (it would be stored as U+FFFD).
 */
const UNSTORABLE = /\u0000|\p{Cs}/u;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * The one string schema for everything a client sends (bodies, queries, headers): use `text`
 * instead of `z.string()` in input schemas, so no field can carry a character the database refuses.
 */
const UNSTORABLE_MESSAGE = 'must not contain a NUL (\\u0000) or an unpaired surrogate character';
export const text = z.string().refine(isStorableText, UNSTORABLE_MESSAGE);

/** An absolute http(s) URL, storable like {@link text}. */
export const httpUrlSchema = z.url({ protocol: /^https?$/ }).refine(isStorableText, UNSTORABLE_MESSAGE);

/** Public identifier of a business in URLs and the elements' `business` attribute. */
export const slugSchema = text
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

export const timeZoneSchema = text.min(1).max(64).refine(isTimeZone, 'an IANA time zone such as America/Los_Angeles');

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
