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
});
