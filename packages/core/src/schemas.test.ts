import { describe, expect, it } from 'vitest';
import { isTimeZone, slugSchema, timeZoneSchema } from './schemas';

describe('shared schemas', () => {
  it('accepts lowercase slugs with inner hyphens only', () => {
    for (const ok of ['contoso', 'rose-city-plumbing', 'a1']) expect(slugSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', 'Contoso', '-x', 'x-', 'a b', 'x'.repeat(64)]) expect(slugSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('accepts IANA time zones and refuses made-up ones', () => {
    expect(isTimeZone('America/Los_Angeles')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(timeZoneSchema.safeParse('Europe/Berlin').success).toBe(true);
    expect(timeZoneSchema.safeParse('nowhere').success).toBe(false);
  });
});
