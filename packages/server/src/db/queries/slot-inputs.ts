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
  visits: BusyVisit[];
  timeOff: Map<string, { startsAt: number; endsAt: number }[]>;
}

/**
 * Everything a slots request reads, in one round trip: the settings (with the schedule version),
 * the service type, the visit's place, and the visits and time off in `range`. The same queries
 * as the single-purpose functions, embedded as sub-selects, so the two cannot drift apart.
 */
export async function loadSlotInputs(
  sql: Sql | Tx,
  q: { businessId: string; serviceTypeId: string; accountId: string; assetId: string | null; range: { from: Date; to: Date } },
): Promise<SlotInputs> {
  const [row] = await sql<{ settings: SchedulingSettingsRow; serviceType: ServiceTypeRow | null; place: VisitPlace | null; visits: string; timeOff: string }[]>`
    SELECT (SELECT row_to_json(s) FROM (${schedulingSettingsQuery(sql, q.businessId)}) s) AS settings,
           (SELECT row_to_json(t) FROM (${serviceTypesQuery(sql, q.businessId, { id: q.serviceTypeId, bookable: true })}) t) AS service_type,
           (SELECT row_to_json(p) FROM (${visitPlaceQuery(sql, q.businessId, q.accountId, q.assetId)}) p) AS place,
           (${visitsJsonQuery(sql, q.businessId, q.range)}) AS visits,
           (${timeOffJsonQuery(sql, q.businessId, q.range)}) AS time_off`;
  return {
    settings: row!.settings,
    serviceType: row!.serviceType ?? undefined,
    place: row!.place ?? undefined,
    visits: parseVisits(row!.visits),
    timeOff: parseTimeOff(row!.timeOff),
  };
}
