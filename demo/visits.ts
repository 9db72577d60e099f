// The demo technician's day: visits assigned to Maya Fernandez, one of them (Linh Nguyen's) already
// Traveling, so the live map has something to show on the demo's first start.
import { addDays, zonedDate, zonedInstant } from '@arrivo/core';
import { changeBookingStatus, findBusinessBySlug, findVisitPlace, insertBooking, insertWorkOrder, type AppDeps, type Sql, type Tx } from '@arrivo/server';

export const DEMO_TECHNICIAN_EMAIL = 'maya@rosecity.example';

export interface NewDemoVisit {
  /** The account's name in the demo seed ('Nguyen household', 'Alder Street Bakery'…). */
  account: string;
  /** The service type's key ('water-heater-repair'…). */
  serviceType: string;
  /** The asset's name, if the visit is for one. */
  asset?: string;
  arrivalAt: Date;
  comments?: string | null;
  /** The technician's email (their resource row); Maya by default. */
  technician?: string;
}

const round5 = (ms: number) => new Date(Math.ceil(ms / 300_000) * 300_000);

/** Book one visit directly (as a dispatcher would), Scheduled; returns its id. */
export async function addDemoVisit(deps: Pick<AppDeps, 'sql'>, businessSlug: string, v: NewDemoVisit): Promise<string> {
  const business = (await findBusinessBySlug(deps.sql, businessSlug))!;
  return deps.sql.begin(async (tx) => {
    const [row] = await tx<{ accountId: string; contactId: string; serviceTypeId: string; minutes: number; resourceId: string; assetId: string | null; userId: string | null }[]>`
      SELECT a.id AS account_id,
        (SELECT c.id FROM contact c WHERE c.account_id = a.id ORDER BY c.email LIMIT 1) AS contact_id,
        st.id AS service_type_id, st.duration_minutes AS minutes, r.id AS resource_id, r.user_id,
        (SELECT s.id FROM asset s WHERE s.account_id = a.id AND s.name = ${v.asset ?? null}) AS asset_id
      FROM account a, service_type st, resource r
      WHERE a.business_id = ${business.id} AND a.name = ${v.account}
        AND st.business_id = ${business.id} AND st.key = ${v.serviceType}
        AND r.business_id = ${business.id} AND r.email = ${v.technician ?? DEMO_TECHNICIAN_EMAIL}`;
    if (!row) throw new Error(`no account "${v.account}", service type "${v.serviceType}" or technician at ${businessSlug}`);
    const place = (await findVisitPlace(tx, business.id, row.accountId, row.assetId))!;
    const workOrder = await insertWorkOrder(tx, {
      businessId: business.id,
      place,
      serviceTypeId: row.serviceTypeId,
      reportedByContactId: row.contactId,
      comments: v.comments ?? null,
      source: 'staff',
    });
    return insertBooking(
      tx,
      { businessId: business.id, workOrderId: workOrder.id, resourceId: row.resourceId, arrivalAt: v.arrivalAt, travelMinutes: 15, endsAt: new Date(v.arrivalAt.getTime() + row.minutes * 60_000) },
      row.userId ?? (await adminUserId(tx, business.id)),
    );
  });
}

async function adminUserId(sql: Sql | Tx, businessId: string): Promise<string> {
  const [row] = await sql<{ userId: string }[]>`SELECT user_id FROM membership WHERE business_id = ${businessId} AND role = 'admin' LIMIT 1`;
  return row!.userId;
}

/**
 * Maya's day: Linh's water heater now (Traveling: Maya is on her way) and a follow-up at Linh's
 * tomorrow. Returns the traveling visit's id. (Only Linh's account: the invited customers start
 * with no visits, as the end-to-end journey expects.)
 */
export async function seedTechnicianDay(deps: Pick<AppDeps, 'sql' | 'events' | 'secrets' | 'plugins'>, businessSlug: string, now = Date.now()): Promise<{ travelingId: string; visits: number }> {
  const first = round5(now + 15 * 60_000);
  const travelingId = await addDemoVisit(deps, businessSlug, {
    account: 'Nguyen household',
    serviceType: 'water-heater-repair',
    asset: 'Rheem 50-gallon gas water heater',
    arrivalAt: first,
    comments: 'Pilot light keeps going out since Sunday. Side gate code 4417; the heater is in the garage.',
  });
  await addDemoVisit(deps, businessSlug, {
    account: 'Nguyen household',
    serviceType: 'leak-detection',
    arrivalAt: new Date(first.getTime() + 24 * 3_600_000),
    comments: 'Follow-up: check the crawl space for moisture.',
  });
  // Maya set off through the status service, as her app would (history and events included).
  const business = (await findBusinessBySlug(deps.sql, businessSlug))!;
  const [maya] = await deps.sql<{ userId: string }[]>`SELECT user_id FROM resource WHERE business_id = ${business.id} AND email = ${DEMO_TECHNICIAN_EMAIL}`;
  await changeBookingStatus(deps, business, travelingId, { status: 'traveling' }, { role: 'technician', userId: maya!.userId });
  return { travelingId, visits: 2 };
}

/**
 * Linh's furnace tune-up with Maya two days ago at 10:00, Completed through the status service (so
 * its Completed message carries a survey link) and waiting for her rating: Past appointments shows
 * **Send feedback** on it. Returns its id.
 */
export async function seedVisitToRate(deps: Pick<AppDeps, 'sql' | 'events' | 'secrets' | 'plugins'>, businessSlug: string, now = Date.now()): Promise<string> {
  const business = (await findBusinessBySlug(deps.sql, businessSlug))!;
  const day = addDays(zonedDate(now, business.timeZone), -2);
  const id = await addDemoVisit(deps, businessSlug, {
    account: 'Nguyen household',
    serviceType: 'furnace-tune-up',
    asset: 'Carrier 59TP6 furnace',
    arrivalAt: new Date(zonedInstant(day, 10 * 60, business.timeZone)),
    comments: 'Yearly check before winter.',
  });
  const [maya] = await deps.sql<{ userId: string }[]>`SELECT user_id FROM resource WHERE business_id = ${business.id} AND email = ${DEMO_TECHNICIAN_EMAIL}`;
  for (const status of ['traveling', 'in_progress', 'completed'] as const) {
    await changeBookingStatus(deps, business, id, { status }, { role: 'technician', userId: maya!.userId });
  }
  return id;
}

/**
 * The demo's traveling visit (Linh's, with Maya), if it is still Traveling; one from an earlier
 * day is moved to now, so a demo started again days later still shows a visit on its way.
 */
export async function currentDemoTrip(sql: Sql, businessSlug: string, now = Date.now()): Promise<string | undefined> {
  const [row] = await sql<{ id: string; arrivalAt: Date; minutes: number }[]>`
    SELECT b.id, b.arrival_at, extract(epoch FROM b.ends_at - b.arrival_at)::int / 60 AS minutes
    FROM booking b JOIN business bu ON bu.id = b.business_id JOIN resource r ON r.id = b.resource_id
    JOIN work_order w ON w.id = b.work_order_id JOIN account a ON a.id = w.account_id
    WHERE bu.slug = ${businessSlug} AND r.email = ${DEMO_TECHNICIAN_EMAIL} AND a.name = 'Nguyen household' AND b.status = 'traveling'
    ORDER BY b.arrival_at LIMIT 1`;
  if (!row) return undefined;
  if (row.arrivalAt.getTime() < now - 60 * 60_000) {
    const arrival = round5(now + 15 * 60_000);
    // Only if the new time is free in Maya's calendar (the exclusion constraint says so).
    await sql`
      UPDATE booking SET arrival_at = ${arrival}, starts_at = ${arrival}::timestamptz - make_interval(mins => travel_minutes),
        ends_at = ${new Date(arrival.getTime() + row.minutes * 60_000)}
      WHERE id = ${row.id}`.catch(() => undefined);
  }
  return row.id;
}
