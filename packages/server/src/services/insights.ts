// Insights for staff: simple counts over the business's own calendar days.
import { addDays, datesBetween, zonedDate, zonedInstant, type Insights, type InsightsQuery } from '@arrivo/core';
import type { BusinessRow } from '../db/queries/businesses';
import { countBookingsPerDay, countCancellationReasons } from '../db/queries/insights';
import type { AppDeps } from '../deps';

/** The most reasons one answer lists (the most frequent). */
export const INSIGHTS_REASON_LIMIT = 50;

/**
 * Bookings per day, the self-scheduled share and cancellations by reason, for the days `from` to
 * `to` (both included) of the business's time zone; by default the 30 days up to today.
 */
export async function bookingInsights(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, query: InsightsQuery, now = Date.now()): Promise<Insights> {
  const zone = business.timeZone;
  const to = query.to ?? zonedDate(now, zone);
  const from = query.from ?? addDays(to, -29);
  const range = { from: new Date(zonedInstant(from, 0, zone)), to: new Date(zonedInstant(addDays(to, 1), 0, zone)) };
  const [rows, cancellations] = await Promise.all([
    countBookingsPerDay(deps.sql, business.id, zone, range),
    countCancellationReasons(deps.sql, business.id, range, INSIGHTS_REASON_LIMIT),
  ]);
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const days = datesBetween(from, to).map((date) => {
    const r = byDate.get(date);
    return { date, bookings: r?.bookings ?? 0, portal: r?.portal ?? 0, staff: r?.staff ?? 0, canceled: r?.canceled ?? 0 };
  });
  const sum = (key: 'bookings' | 'portal' | 'staff' | 'canceled') => days.reduce((s, d) => s + d[key], 0);
  const totals = { bookings: sum('bookings'), portal: sum('portal'), staff: sum('staff'), canceled: sum('canceled') };
  return {
    from,
    to,
    timeZone: zone,
    days,
    totals: { ...totals, selfScheduledShare: totals.bookings ? Math.round((1000 * totals.portal) / totals.bookings) / 10 : null },
    cancellations,
  };
}
