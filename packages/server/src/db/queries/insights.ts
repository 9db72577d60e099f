// Insights for staff: counts of a business's visits per local day, and its cancellations grouped
// by reason. Two queries for any range, however many visits.
import type { Sql, Tx } from '../client';

export interface InsightsDayRow {
  date: string;
  bookings: number;
  portal: number;
  staff: number;
  canceled: number;
}

/**
 * Visits arriving in [from, to), counted on their day in `timeZone` (the business's), by who
 * booked them (the work order's source) and whether they were canceled. Days without visits are
 * not returned.
 */
export async function countBookingsPerDay(sql: Sql | Tx, businessId: string, timeZone: string, range: { from: Date; to: Date }): Promise<InsightsDayRow[]> {
  return sql<InsightsDayRow[]>`
    SELECT to_char((b.arrival_at AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS date,
      count(*)::int AS bookings,
      count(*) FILTER (WHERE w.source = 'portal')::int AS portal,
      count(*) FILTER (WHERE w.source = 'staff')::int AS staff,
      count(*) FILTER (WHERE b.status = 'canceled')::int AS canceled
    FROM booking b
    JOIN work_order w ON w.business_id = b.business_id AND w.id = b.work_order_id
    WHERE b.business_id = ${businessId} AND b.arrival_at >= ${range.from} AND b.arrival_at < ${range.to}
    GROUP BY 1
    ORDER BY 1`;
}

/**
 * Canceled visits arriving in [from, to) grouped by reason: trimmed, runs of spaces as one, case
 * ignored (shown as the first written form in alphabetical order); the `limit` most frequent.
 */
export async function countCancellationReasons(sql: Sql | Tx, businessId: string, range: { from: Date; to: Date }, limit: number): Promise<{ reason: string; count: number }[]> {
  return sql<{ reason: string; count: number }[]>`
    SELECT min(r.reason) AS reason, count(*)::int AS count
    FROM (
      SELECT regexp_replace(btrim(coalesce(b.cancel_reason, '')), '\\s+', ' ', 'g') AS reason
      FROM booking b
      WHERE b.business_id = ${businessId} AND b.status = 'canceled' AND b.arrival_at >= ${range.from} AND b.arrival_at < ${range.to}
    ) r
    GROUP BY lower(r.reason)
    ORDER BY count(*) DESC, lower(r.reason)
    LIMIT ${limit}`;
}
