// Writes of several rows land together or not at all. A trigger makes the later insert fail, as a
// lost connection or a full disk would, after the earlier one succeeded.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeAccount, makeBusiness } from '../../test/fixtures';
import { findBusinessBySlug, insertBusiness } from '../db/queries/businesses';
import { contacts } from './customers';

describe('multi-row writes are atomic', () => {
  const api = useTestApp();

  const refuseInsertsInto = async (table: string) => {
    await api.sql.unsafe(`CREATE OR REPLACE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await api.sql.unsafe(`CREATE TRIGGER refuse_for_test BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_for_test()`);
  };
  afterEach(async () => {
    for (const table of ['invitation', 'business_settings']) await api.sql.unsafe(`DROP TRIGGER IF EXISTS refuse_for_test ON ${table}`);
  });

  it('adds a contact together with its automatic invitation, or neither', async () => {
    const business = await makeBusiness(api.sql);
    const accountId = await makeAccount(api.sql, business.id);
    await refuseInsertsInto('invitation');

    const email = 'half-added@example.com';
    await expect(contacts.create(api.deps, business, accountId, { firstName: 'Half', lastName: 'Added', email, phone: null })).rejects.toThrow(/refused/);
    const left = await api.sql`SELECT 1 FROM contact WHERE business_id = ${business.id} AND email = ${email}`;
    expect(left).toHaveLength(0);
  });

  it('creates a business together with its settings, or neither, even outside a transaction', async () => {
    await refuseInsertsInto('business_settings');
    const slug = 'half-created';
    await expect(insertBusiness(api.sql, { slug, name: 'Half', timeZone: 'UTC', phone: null, website: null })).rejects.toThrow(/refused/);
    expect(await findBusinessBySlug(api.sql, slug)).toBeUndefined();
  });
});
