import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { makeBusiness } from '../../test/fixtures';
import { BusinessDirectory } from './access';

describe('BusinessDirectory', () => {
  const db = useTestDatabase();

  it('finds a business created after its slug was asked for (misses are never kept)', async () => {
    const directory = new BusinessDirectory();
    expect(await directory.find(db.sql, 'opens-later')).toBeUndefined();
    const business = await makeBusiness(db.sql, 'opens-later');
    expect(await directory.find(db.sql, 'opens-later')).toMatchObject({ id: business.id });
  });

  it('answers from memory until the TTL runs out, then reads the row again', async () => {
    const business = await makeBusiness(db.sql);
    const directory = new BusinessDirectory({ ttlMs: 300 });
    expect(await directory.find(db.sql, business.slug)).toMatchObject({ name: business.name });
    await db.sql`UPDATE business SET name = 'Renamed by hand' WHERE id = ${business.id}`;
    expect(await directory.find(db.sql, business.slug)).toMatchObject({ name: business.name });
    await expect.poll(async () => (await directory.find(db.sql, business.slug))?.name, { timeout: 5000, interval: 100 }).toBe('Renamed by hand');
  });

  it('keeps a business\'s allowed origins in memory (one query per TTL, not per request); forgetOrigins drops them at once', async () => {
    const business = await makeBusiness(db.sql);
    await db.sql`UPDATE business_settings SET allowed_origins = '{https://shop.example}' WHERE business_id = ${business.id}`;
    const directory = new BusinessDirectory({ ttlMs: 300 });
    expect(await directory.allowsOrigin(db.sql, 'https://shop.example', business.slug)).toBe(true);
    expect(await directory.allowsOrigin(db.sql, 'https://shop.example')).toBe(true); // some business allows it
    await db.sql`UPDATE business_settings SET allowed_origins = '{}' WHERE business_id = ${business.id}`;
    // Not asked again: the copy answers …
    expect(await directory.allowsOrigin(db.sql, 'https://shop.example', business.slug)).toBe(true);
    expect(await directory.allowsOrigin(db.sql, 'https://shop.example')).toBe(true);
    // … until it is forgotten (a write through the API) …
    directory.forgetOrigins(business.slug);
    expect(await directory.allowsOrigin(db.sql, 'https://shop.example', business.slug)).toBe(false);
    expect(await directory.allowsOrigin(db.sql, 'https://shop.example')).toBe(false);
    // … or the TTL runs out (a change made on another server, or by hand).
    await db.sql`UPDATE business_settings SET allowed_origins = '{https://new.example}' WHERE business_id = ${business.id}`;
    await expect.poll(() => directory.allowsOrigin(db.sql, 'https://new.example', business.slug), { timeout: 5000, interval: 100 }).toBe(true);
    expect(await directory.allowsOrigin(db.sql, 'https://x.example', 'no-such-business')).toBe(false);
  });
});
