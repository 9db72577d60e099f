// What the availability engine needs, loaded in a few set-based queries.
import type { Area, BusyVisit, SchedulingSettings, Technician, Territory } from '@arrivo/core';
import type { Sql, Tx } from '../client';
import type { PlaceColumns } from './locations';

/** The settings, plus the counter that changes with the technicians' configuration (migration 0004). */
export type SchedulingSettingsRow = SchedulingSettings & { scheduleVersion: string };

/** The settings row as a query fragment (also embedded in `loadSlotInputs`). */
export const schedulingSettingsQuery = (sql: Sql | Tx, businessId: string) => sql`
    SELECT min_lead_minutes, max_lead_days, slot_interval_minutes, arrival_window_minutes, change_cutoff_minutes,
           max_travel_minutes, travel_road_factor, travel_speed_kmh, asset_selection_enabled, additional_details_enabled,
           show_technician_name, show_technician_photo, show_technician_phone, tracking_enabled, survey_enabled,
           arriving_radius_m, location_retention_hours, tracking_link_grace_minutes, reminder_lead_minutes,
           schedule_version::text
    FROM business_settings WHERE business_id = ${businessId}`;

export async function getSchedulingSettings(sql: Sql | Tx, businessId: string): Promise<SchedulingSettingsRow> {
  const [row] = await sql<SchedulingSettingsRow[]>`${schedulingSettingsQuery(sql, businessId)}`;
  return row!;
}

export async function updateSchedulingSettings(sql: Sql | Tx, businessId: string, patch: Partial<SchedulingSettings>): Promise<SchedulingSettings> {
  const columns = Object.keys(patch) as (keyof SchedulingSettings)[];
  if (columns.length) await sql`UPDATE business_settings SET ${sql(patch, ...columns)} WHERE business_id = ${businessId}`;
  const { scheduleVersion: _, ...settings } = await getSchedulingSettings(sql, businessId);
  return settings;
}

export async function loadTerritories(sql: Sql | Tx, businessId: string): Promise<Territory[]> {
  const rows = await sql<{ id: string; centerLat: number | null; centerLon: number | null; radiusKm: number | null; polygon: [number, number][] | null }[]>`
    SELECT id, center_lat, center_lon, radius_km, polygon FROM territory WHERE business_id = ${businessId}`;
  return rows.map((r) => ({
    id: r.id,
    area: (r.polygon ? { polygon: r.polygon } : { center: { lat: r.centerLat!, lon: r.centerLon! }, radiusKm: r.radiusKm! }) as Area,
  }));
}

/** Active technicians with skills, territories and weekly hours (time off is loaded per range). */
export async function loadTechnicianConfig(sql: Sql | Tx, businessId: string): Promise<Technician[]> {
  // Each child table is scanned once for the business and grouped, rather than once per technician.
  const rows = await sql<(Omit<Technician, 'start' | 'timeOff'> & { startLat: number; startLon: number })[]>`
    WITH skills AS (SELECT resource_id, array_agg(skill_id::text) AS skills FROM resource_skill WHERE business_id = ${businessId} GROUP BY resource_id),
    territories AS (SELECT resource_id, array_agg(territory_id::text) AS territory_ids FROM resource_territory WHERE business_id = ${businessId} GROUP BY resource_id),
    hours AS (
      SELECT resource_id, json_agg(json_build_object('weekday', weekday, 'startMinute', start_minute, 'endMinute', end_minute)) AS working_hours
      FROM resource_working_hours WHERE business_id = ${businessId} GROUP BY resource_id
    )
    SELECT r.id, r.start_lat, r.start_lon, coalesce(s.skills, '{}') AS skills, coalesce(t.territory_ids, '{}') AS territory_ids,
           coalesce(h.working_hours, '[]') AS working_hours
    FROM resource r
    LEFT JOIN skills s ON s.resource_id = r.id
    LEFT JOIN territories t ON t.resource_id = r.id
    LEFT JOIN hours h ON h.resource_id = r.id
    WHERE r.business_id = ${businessId} AND r.active`;
  return rows.map((r) => ({
    id: r.id,
    skills: r.skills,
    territoryIds: r.territoryIds,
    start: { lat: r.startLat, lon: r.startLon },
    workingHours: r.workingHours,
    timeOff: [],
  }));
}

type TimeOff = Map<string, { startsAt: number; endsAt: number }[]>;

/**
 * Time off overlapping [from, to) as one JSON text value (times in epoch milliseconds): a whole
 * calendar in one field parses far faster than a row per entry, and this runs on every slots request.
 */
export const timeOffJsonQuery = (sql: Sql | Tx, businessId: string, range: { from: Date; to: Date }) => sql`
    SELECT coalesce(json_agg(json_build_array(resource_id, floor(extract(epoch FROM starts_at) * 1000), floor(extract(epoch FROM ends_at) * 1000))), '[]')::text
    FROM resource_time_off
    WHERE business_id = ${businessId} AND tstzrange(starts_at, ends_at) && tstzrange(${range.from}, ${range.to})`;

export function parseTimeOff(json: string): TimeOff {
  const byTech: TimeOff = new Map();
  for (const [resourceId, startsAt, endsAt] of JSON.parse(json) as [string, number, number][]) {
    const list = byTech.get(resourceId);
    if (list) list.push({ startsAt, endsAt });
    else byTech.set(resourceId, [{ startsAt, endsAt }]);
  }
  return byTech;
}

/** Technicians' time off overlapping [from, to), by technician. */
export async function loadTimeOff(sql: Sql | Tx, businessId: string, range: { from: Date; to: Date }): Promise<TimeOff> {
  const [row] = await sql<{ json: string }[]>`SELECT (${timeOffJsonQuery(sql, businessId, range)}) AS json`;
  return parseTimeOff(row!.json);
}

/**
 * Calendar-occupying bookings overlapping [from, to) as one JSON text value. The overlap test is
 * the exclusion constraint's own (`tstzrange && …` on non-canceled bookings), so its GiST index
 * finds the range without scanning the business's whole history.
 */
export const visitsJsonQuery = (sql: Sql | Tx, businessId: string, range: { from: Date; to: Date }, options: { resourceIds?: string[]; except?: string } = {}) => sql`
    SELECT coalesce(json_agg(json_build_array(b.resource_id, floor(extract(epoch FROM b.starts_at) * 1000),
      floor(extract(epoch FROM b.arrival_at) * 1000), floor(extract(epoch FROM b.ends_at) * 1000), w.lat, w.lon)), '[]')::text
    FROM booking b JOIN work_order w ON w.id = b.work_order_id
    -- core's blocksCalendar, as the booking table's exclusion constraint spells it (so its index serves this)
    WHERE b.business_id = ${businessId} AND b.status <> 'canceled'
      AND tstzrange(b.starts_at, b.ends_at) && tstzrange(${range.from}, ${range.to})
      ${options.resourceIds ? sql`AND b.resource_id = ANY(${options.resourceIds})` : sql``}
      ${options.except ? sql`AND b.id <> ${options.except}` : sql``}`;

export function parseVisits(json: string): BusyVisit[] {
  return (JSON.parse(json) as [string, number, number, number, number, number][]).map(([resourceId, startsAt, arrivalAt, endsAt, lat, lon]) => ({
    resourceId,
    startsAt,
    arrivalAt,
    endsAt,
    location: { lat, lon },
  }));
}

/** Calendar-occupying bookings of the business's technicians overlapping [from, to). */
export async function loadVisits(sql: Sql | Tx, businessId: string, range: { from: Date; to: Date }, options: { resourceIds?: string[]; except?: string } = {}): Promise<BusyVisit[]> {
  const [row] = await sql<{ json: string }[]>`SELECT (${visitsJsonQuery(sql, businessId, range, options)}) AS json`;
  return parseVisits(row!.json);
}

/** Where a visit for this account (and asset) goes: the asset's functional location, else the account's address. */
export interface VisitPlace extends PlaceColumns {
  accountId: string;
  assetId: string | null;
}

/** The place as a query fragment (also embedded in `loadSlotInputs`). */
export const visitPlaceQuery = (sql: Sql | Tx, businessId: string, accountId: string, assetId: string | null) =>
  assetId
    ? sql`
        SELECT a.account_id, a.id AS asset_id,
          coalesce(fl.address_line1, ac.address_line1) AS address_line1,
          CASE WHEN fl.id IS NULL THEN ac.address_line2 ELSE fl.address_line2 END AS address_line2,
          coalesce(fl.city, ac.city) AS city,
          CASE WHEN fl.id IS NULL THEN ac.region ELSE fl.region END AS region,
          CASE WHEN fl.id IS NULL THEN ac.postal_code ELSE fl.postal_code END AS postal_code,
          coalesce(fl.country, ac.country) AS country,
          coalesce(fl.lat, ac.lat) AS lat, coalesce(fl.lon, ac.lon) AS lon,
          CASE WHEN fl.id IS NULL THEN ac.territory_id ELSE fl.territory_id END AS territory_id
        FROM asset a JOIN account ac ON ac.id = a.account_id
        LEFT JOIN functional_location fl ON fl.id = a.functional_location_id
        WHERE a.business_id = ${businessId} AND a.id = ${assetId} AND a.account_id = ${accountId}`
    : sql`
        SELECT id AS account_id, NULL::uuid AS asset_id, address_line1, address_line2, city, region, postal_code, country, lat, lon, territory_id
        FROM account WHERE business_id = ${businessId} AND id = ${accountId}`;

export async function findVisitPlace(sql: Sql | Tx, businessId: string, accountId: string, assetId: string | null): Promise<VisitPlace | undefined> {
  const [row] = await sql<VisitPlace[]>`${visitPlaceQuery(sql, businessId, accountId, assetId)}`;
  return row;
}
