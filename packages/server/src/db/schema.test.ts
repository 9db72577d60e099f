import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { makeBooking, makeBusiness, makeResource, makeWorkOrder } from '../../test/fixtures';

describe('domain schema', () => {
  const db = useTestDatabase();

  async function setup() {
    const business = await makeBusiness(db.sql);
    const tech = await makeResource(db.sql, business.id);
    const { workOrderId } = await makeWorkOrder(db.sql, business.id);
    return { businessId: business.id, resourceId: tech.id, workOrderId };
  }

  describe('booking exclusion constraint', () => {
    it('refuses an overlapping booking for the same technician with 23P01', async () => {
      const s = await setup();
      await makeBooking(db.sql, { ...s, arrival: '2030-05-01T16:00:00Z', minutes: 60 });
      await expect(makeBooking(db.sql, { ...s, arrival: '2030-05-01T16:30:00Z' })).rejects.toMatchObject({
        code: '23P01',
        constraint_name: 'booking_no_overlap',
      });
    });

    it('counts travel time as busy time', async () => {
      const s = await setup();
      await makeBooking(db.sql, { ...s, arrival: '2030-05-01T16:00:00Z', minutes: 60 });
      // Arrives at 17:20 but leaves at 16:50, while the first visit runs to 17:00.
      await expect(makeBooking(db.sql, { ...s, arrival: '2030-05-01T17:20:00Z', travel: 30 })).rejects.toMatchObject({ code: '23P01' });
    });

    it('allows back-to-back bookings (ranges are half-open)', async () => {
      const s = await setup();
      await makeBooking(db.sql, { ...s, arrival: '2030-05-01T16:00:00Z', minutes: 60 });
      await expect(makeBooking(db.sql, { ...s, arrival: '2030-05-01T17:20:00Z', travel: 20 })).resolves.toHaveProperty('id');
    });

    it('lets a canceled booking free its time', async () => {
      const s = await setup();
      await makeBooking(db.sql, { ...s, arrival: '2030-05-02T16:00:00Z', status: 'canceled' });
      await expect(makeBooking(db.sql, { ...s, arrival: '2030-05-02T16:00:00Z' })).resolves.toHaveProperty('id');
    });

    it('lets two technicians work at the same time', async () => {
      const s = await setup();
      const other = await makeResource(db.sql, s.businessId, 'Other');
      await makeBooking(db.sql, { ...s, arrival: '2030-05-03T16:00:00Z' });
      await expect(makeBooking(db.sql, { ...s, resourceId: other.id, arrival: '2030-05-03T16:00:00Z' })).resolves.toHaveProperty('id');
    });
  });

  describe('tenant isolation', () => {
    it("refuses a booking that points at another business's technician", async () => {
      const s = await setup();
      const otherBusiness = await makeBusiness(db.sql);
      const foreignTech = await makeResource(db.sql, otherBusiness.id);
      await expect(makeBooking(db.sql, { ...s, resourceId: foreignTech.id, arrival: '2030-06-01T16:00:00Z' })).rejects.toMatchObject({
        code: '23503',
      });
    });

    it("refuses a contact on another business's account", async () => {
      const s = await setup();
      const otherBusiness = await makeBusiness(db.sql);
      const [account] = await db.sql`SELECT account_id FROM work_order WHERE id = ${s.workOrderId}`;
      await expect(
        db.sql`INSERT INTO contact (business_id, account_id, first_name, email)
               VALUES (${otherBusiness.id}, ${account!.accountId}, 'Eve', 'eve@example.com')`,
      ).rejects.toMatchObject({ code: '23503' });
    });
  });

  describe('checks', () => {
    it('requires a reason to cancel', async () => {
      const s = await setup();
      await expect(
        db.sql`INSERT INTO booking (business_id, work_order_id, resource_id, status, arrival_at, starts_at, ends_at, travel_minutes)
               VALUES (${s.businessId}, ${s.workOrderId}, ${s.resourceId}, 'canceled', '2030-07-01T16:00Z', '2030-07-01T16:00Z', '2030-07-01T17:00Z', 0)`,
      ).rejects.toMatchObject({ code: '23514' });
    });

    it('keeps starts_at = arrival_at − travel', async () => {
      const s = await setup();
      await expect(
        db.sql`INSERT INTO booking (business_id, work_order_id, resource_id, arrival_at, starts_at, ends_at, travel_minutes)
               VALUES (${s.businessId}, ${s.workOrderId}, ${s.resourceId}, '2030-07-02T16:00Z', '2030-07-02T15:00Z', '2030-07-02T17:00Z', 20)`,
      ).rejects.toMatchObject({ code: '23514' });
    });

    it('refuses unknown statuses', async () => {
      const s = await setup();
      await expect(makeBooking(db.sql, { ...s, arrival: '2030-07-03T16:00:00Z', status: 'lost' })).rejects.toMatchObject({ code: '23514' });
    });

    it('keeps contact emails unique per business regardless of case', async () => {
      const s = await setup();
      const [wo] = await db.sql`SELECT account_id FROM work_order WHERE id = ${s.workOrderId}`;
      await db.sql`INSERT INTO contact (business_id, account_id, first_name, email) VALUES (${s.businessId}, ${wo!.accountId}, 'Ann', 'ann@example.com')`;
      await expect(
        db.sql`INSERT INTO contact (business_id, account_id, first_name, email) VALUES (${s.businessId}, ${wo!.accountId}, 'Ann', 'ANN@example.com')`,
      ).rejects.toMatchObject({ code: '23505' });
    });

    it("refuses overlapping working hours on the same weekday", async () => {
      const s = await setup();
      await db.sql`INSERT INTO resource_working_hours (business_id, resource_id, weekday, start_minute, end_minute) VALUES (${s.businessId}, ${s.resourceId}, 1, 480, 720)`;
      await expect(
        db.sql`INSERT INTO resource_working_hours (business_id, resource_id, weekday, start_minute, end_minute) VALUES (${s.businessId}, ${s.resourceId}, 1, 700, 1020)`,
      ).rejects.toMatchObject({ code: '23P01' });
      await db.sql`INSERT INTO resource_working_hours (business_id, resource_id, weekday, start_minute, end_minute) VALUES (${s.businessId}, ${s.resourceId}, 1, 720, 1020)`;
    });

    it('refuses a wildcard embed origin', async () => {
      const s = await setup();
      await expect(db.sql`UPDATE business_settings SET allowed_origins = '{*}' WHERE business_id = ${s.businessId}`).rejects.toMatchObject({
        code: '23514',
      });
    });
  });

  describe('schedule version', () => {
    it('changes with every change to what the availability engine caches', async () => {
      const s = await setup();
      const version = async () => Number((await db.sql`SELECT schedule_version FROM business_settings WHERE business_id = ${s.businessId}`)[0]!.scheduleVersion);
      const changes: [string, () => Promise<unknown>][] = [
        ['technician updated', () => db.sql`UPDATE resource SET name = 'Renamed' WHERE id = ${s.resourceId}`],
        ['hours added', () => db.sql`INSERT INTO resource_working_hours (business_id, resource_id, weekday, start_minute, end_minute) VALUES (${s.businessId}, ${s.resourceId}, 3, 480, 600)`],
        ['hours removed', () => db.sql`DELETE FROM resource_working_hours WHERE resource_id = ${s.resourceId}`],
        ['territory added', () => db.sql`INSERT INTO territory (business_id, name, center_lat, center_lon, radius_km) VALUES (${s.businessId}, 'North', 45.6, -122.7, 5)`],
        ['technician serves it', () => db.sql`INSERT INTO resource_territory (business_id, resource_id, territory_id) SELECT ${s.businessId}, ${s.resourceId}, id FROM territory WHERE business_id = ${s.businessId}`],
        ['skill granted', async () => {
          const [skill] = await db.sql`INSERT INTO skill (business_id, name) VALUES (${s.businessId}, 'Gas') RETURNING id`;
          await db.sql`INSERT INTO resource_skill (business_id, resource_id, skill_id) VALUES (${s.businessId}, ${s.resourceId}, ${skill!.id})`;
        }],
      ];
      for (const [label, change] of changes) {
        const before = await version();
        await change();
        expect(await version(), label).toBeGreaterThan(before);
      }
    });
  });
});

