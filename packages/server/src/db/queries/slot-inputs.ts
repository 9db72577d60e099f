import type { BusyVisit } from '@arrivo/core';
import type { Sql, Tx } from '../client';
import { parseTimeOff, parseVisits, schedulingSettingsQuery, timeOffJsonQuery, visitPlaceQuery, visitsJsonQuery, type SchedulingSettingsRow, type VisitPlace } from './schedule';
import { serviceTypesQuery, type ServiceTypeRow } from './scheduling-config';

export interface SlotInputs {
  settings: SchedulingSettingsRow;
  /** Undefined when there is no such bookable service type. */
  serviceType: ServiceTypeRow | undefined;
  /** Undefined when there is no such asset on the account. */
  place: VisitPlace | undefined;
  /** The business's calendar version (migration 0007) in the snapshot everything else was read in. */
  calendarVersion: string;
  /** Visits and time off in `range`; left out when `knownCalendarVersion` is the current one. */
  calendar?: { visits: BusyVisit[]; timeOff: Map<string, { startsAt: number; endsAt: number }[]> };
}

/**
 * Everything a slots request reads, in one round trip and one snapshot: the settings (with the
 * schedule version), the service type, the visit's place, the calendar version, and the visits and
 * time off in `range` unless the caller already holds them as of that version. The same queries as
 * the single-purpose functions, embedded as sub-selects, so the two cannot drift apart. `except`:
 * that booking is left out of the visits (a visit being moved).
 */
export async function loadSlotInputs(
  sql: Sql | Tx,
  q: { businessId: string; serviceTypeId: string; accountId: string; assetId: string | null; range: { from: Date; to: Date }; knownCalendarVersion?: string; except?: string },
): Promise<SlotInputs> {
  const known = q.knownCalendarVersion ?? null;
  // The calendar sub-selects are uncorrelated, so PostgreSQL runs them only when CASE needs them.
  const [row] = await sql<{ settings: SchedulingSettingsRow; serviceType: ServiceTypeRow | null; place: VisitPlace | null; calendarVersion: string; visits: string | null; timeOff: string | null }[]>`
    SELECT (SELECT row_to_json(s) FROM (${schedulingSettingsQuery(sql, q.businessId)}) s) AS settings,
           (SELECT row_to_json(t) FROM (${serviceTypesQuery(sql, q.businessId, { id: q.serviceTypeId, bookable: true })}) t) AS service_type,
           (SELECT row_to_json(p) FROM (${visitPlaceQuery(sql, q.businessId, q.accountId, q.assetId)}) p) AS place,
           cv.version::text AS calendar_version,
           CASE WHEN cv.version IS DISTINCT FROM ${known}::bigint THEN (${visitsJsonQuery(sql, q.businessId, q.range, { except: q.except })}) END AS visits,
           CASE WHEN cv.version IS DISTINCT FROM ${known}::bigint THEN (${timeOffJsonQuery(sql, q.businessId, q.range)}) END AS time_off
    FROM (SELECT coalesce((SELECT version FROM calendar_version WHERE business_id = ${q.businessId}), 0) AS version) cv`;
  const r = row!;
  return {
    settings: r.settings,
    serviceType: r.serviceType ?? undefined,
    place: r.place ?? undefined,
    calendarVersion: r.calendarVersion,
    ...(r.visits !== null && r.timeOff !== null ? { calendar: { visits: parseVisits(r.visits), timeOff: parseTimeOff(r.timeOff) } } : {}),
  };
}
