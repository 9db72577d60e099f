// The demo site's copy promises what the seeded business is set to do.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getSchedulingSettings } from '../packages/server/src/db/queries/schedule';
import { useTestApp } from '../packages/server/test/app';
import { seedDemo } from './seed';

const SITE = new URL('./site/', import.meta.url);

describe('demo site copy', () => {
  const api = useTestApp();

  it('states the arrival window the business setting gives (arrivalWindowMinutes)', async () => {
    const { businessId } = await seedDemo(api.deps);
    const { arrivalWindowMinutes } = await getSchedulingSettings(api.sql, businessId);
    const promised: { page: string; minutes: number }[] = [];
    for (const page of (await readdir(SITE)).filter((f) => f.endsWith('.html'))) {
      const html = await readFile(new URL(page, SITE), 'utf8');
      for (const m of html.matchAll(/(\d+)-(hour|minute) arrival window/gi)) promised.push({ page, minutes: Number(m[1]) * (m[2]!.toLowerCase() === 'hour' ? 60 : 1) });
    }
    expect(promised.length).toBeGreaterThan(0);
    for (const p of promised) expect(p, p.page).toEqual({ page: p.page, minutes: arrivalWindowMinutes });
  });
});
