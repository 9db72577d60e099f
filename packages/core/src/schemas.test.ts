import { describe, expect, it } from 'vitest';
import { accessSettingsPatchSchema } from './settings';
import { isStorableText, isTimeZone, slugSchema, text, timeZoneSchema } from './schemas';

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

  it('refuses what PostgreSQL cannot store: NUL and unpaired surrogates, wherever they are', () => {
    for (const ok of ['', 'Ana María', 'مرحبا', '👍 ok', 'tab\tand\nnewline']) expect(isStorableText(ok), ok).toBe(true);
    for (const bad of ['\u0000', 'a\u0000b', 'x\ud800', '\udc00y', '👍'[0]!]) {
      expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
      expect(text.trim().max(100).safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('takes exact http(s) origins only, and never throws on junk', () => {
    const origins = (allowedOrigins: string[]) => accessSettingsPatchSchema.safeParse({ allowedOrigins });
    expect(origins(['https://shop.example.com/', 'http://localhost:5173', 'http://[::1]:8080']).data?.allowedOrigins).toEqual([
      'https://shop.example.com',
      'http://localhost:5173',
      'http://[::1]:8080',
    ]);
    for (const bad of ['*', 'null', '', 'https://*.example.com', 'https://shop.example.com/x', 'ws://shop.example.com', 'https://a.com\u0000']) {
      expect(origins([bad]).success, bad).toBe(false);
    }
  });

  it('takes an http(s) portal URL or a path on this server', () => {
    const portal = (portalUrl: string | null) => accessSettingsPatchSchema.safeParse({ portalUrl }).success;
    for (const ok of ['https://shop.example.com/portal', 'http://localhost:5173/book.html?x=1', '/book.html', '/', null]) expect(portal(ok), String(ok)).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', '/\\evil.example', 'book.html', '/a b', 'https://']) expect(portal(bad), bad).toBe(false);
  });
});
