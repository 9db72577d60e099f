// Staff-side CRUD for what scheduling reads: skills, territories, service types, technicians.
import type postgres from 'postgres';
import type { ServiceType, Skill, TechnicianPatch, TechnicianView, TerritoryInput, TerritoryView } from '@arrivo/core';
import type { Sql, Tx } from '../client';

// ───── skills ─────

export const listSkills = (sql: Sql | Tx, businessId: string) =>
  sql<Skill[]>`SELECT id, name FROM skill WHERE business_id = ${businessId} ORDER BY lower(name)`;

export async function insertSkill(sql: Sql | Tx, businessId: string, name: string) {
  const [row] = await sql<{ id: string; name: string }[]>`INSERT INTO skill (business_id, name) VALUES (${businessId}, ${name}) RETURNING id, name`;
  return row!;
}

export async function renameSkill(sql: Sql | Tx, businessId: string, id: string, name: string) {
  const [row] = await sql<{ id: string; name: string }[]>`UPDATE skill SET name = ${name} WHERE business_id = ${businessId} AND id = ${id} RETURNING id, name`;
  return row;
}

export async function deleteSkill(sql: Sql | Tx, businessId: string, id: string): Promise<boolean> {
  return (await sql`DELETE FROM skill WHERE business_id = ${businessId} AND id = ${id} RETURNING id`).length > 0;
}

// ───── territories ─────

export type TerritoryFields = TerritoryInput;
export type TerritoryRow = TerritoryView;

const TERRITORY = (sql: Sql | Tx) => sql`
  SELECT id, name, CASE WHEN center_lat IS NULL THEN NULL ELSE json_build_object('lat', center_lat, 'lon', center_lon) END AS center,
         radius_km, polygon FROM territory`;

export const listTerritories = (sql: Sql | Tx, businessId: string) =>
  sql<TerritoryRow[]>`${TERRITORY(sql)} WHERE business_id = ${businessId} ORDER BY lower(name)`;

export async function upsertTerritory(sql: Sql | Tx, businessId: string, t: TerritoryFields, id?: string): Promise<TerritoryRow | undefined> {
  const values = {
    name: t.name,
    centerLat: t.center?.lat ?? null,
    centerLon: t.center?.lon ?? null,
    radiusKm: t.radiusKm ?? null,
    polygon: t.polygon ? sql.json(t.polygon) : null,
  };
  const [row] = id
    ? await sql<{ id: string }[]>`UPDATE territory SET ${sql(values)} WHERE business_id = ${businessId} AND id = ${id} RETURNING id`
    : await sql<{ id: string }[]>`INSERT INTO territory ${sql({ businessId, ...values })} RETURNING id`;
  if (!row) return undefined;
  const [view] = await sql<TerritoryRow[]>`${TERRITORY(sql)} WHERE id = ${row.id}`;
  return view;
}

export async function deleteTerritory(sql: Sql | Tx, businessId: string, id: string): Promise<boolean> {
  return (await sql`DELETE FROM territory WHERE business_id = ${businessId} AND id = ${id} RETURNING id`).length > 0;
}

// ───── service types ─────

export type ServiceTypeRow = ServiceType;

/** Service types with their required skills; `bookable` keeps those customers may book online. */
export function selectServiceTypes(sql: Sql | Tx, businessId: string, filter: { id?: string; bookable?: boolean } = {}): Promise<ServiceTypeRow[]> {
  return serviceTypesQuery(sql, businessId, filter);
}

/** The same as a query fragment (embedded in `loadSlotInputs`). */
export function serviceTypesQuery(sql: Sql | Tx, businessId: string, filter: { id?: string; bookable?: boolean } = {}) {
  return sql<ServiceTypeRow[]>`
    SELECT st.id, st.key, st.name, st.description, st.duration_minutes, st.self_scheduling_enabled, st.active, st.intake_fields, st.plugin_id,
      coalesce((SELECT array_agg(skill_id::text ORDER BY skill_id) FROM service_type_skill WHERE service_type_id = st.id), '{}') AS required_skill_ids
    FROM service_type st
    WHERE st.business_id = ${businessId}
      ${filter.id ? sql`AND st.id = ${filter.id}` : sql``}
      ${filter.bookable ? sql`AND st.active AND st.self_scheduling_enabled` : sql``}
    ORDER BY lower(st.name), st.id`;
}

export async function findServiceType(sql: Sql | Tx, businessId: string, id: string): Promise<ServiceTypeRow | undefined> {
  return (await selectServiceTypes(sql, businessId, { id }))[0];
}

export type ServiceTypeFields = Omit<ServiceType, 'id'>;

/** Insert (no id) or change a service type; `requiredSkillIds`, when given, replaces the set. */
export async function saveServiceType(tx: Tx, businessId: string, fields: Partial<ServiceTypeFields>, id?: string): Promise<string | undefined> {
  const { requiredSkillIds, intakeFields, ...columns } = fields;
  const values = { ...columns, ...(intakeFields ? { intakeFields: tx.json(intakeFields as postgres.JSONValue) } : {}) };
  let stId = id;
  if (!stId) {
    const [inserted] = await tx<{ id: string }[]>`INSERT INTO service_type ${tx({ businessId, ...values })} RETURNING id`;
    stId = inserted!.id;
  } else if (Object.keys(values).length) {
    const updated = await tx`UPDATE service_type SET ${tx(values)} WHERE business_id = ${businessId} AND id = ${stId} RETURNING id`;
    if (!updated.length) return undefined;
  } else if (!(await findServiceType(tx, businessId, stId))) {
    return undefined;
  }
  if (requiredSkillIds) {
    await tx`DELETE FROM service_type_skill WHERE service_type_id = ${stId}`;
    for (const skillId of new Set(requiredSkillIds)) {
      await tx`INSERT INTO service_type_skill (business_id, service_type_id, skill_id) VALUES (${businessId}, ${stId}, ${skillId})`;
    }
  }
  return stId;
}

/** The skill with this name (case-insensitive), created if the business has none. */
export async function ensureSkill(tx: Tx, businessId: string, name: string): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    WITH found AS (SELECT id FROM skill WHERE business_id = ${businessId} AND lower(name) = lower(${name})),
         made AS (INSERT INTO skill (business_id, name) SELECT ${businessId}, ${name} WHERE NOT EXISTS (SELECT 1 FROM found)
                  ON CONFLICT DO NOTHING RETURNING id)
    SELECT id FROM found UNION ALL SELECT id FROM made`;
  return row!.id;
}

/** What a plugin last wrote to the staff-editable fields of its service type copy (migration 0016). */
export type PluginServiceTypeBaseline = Pick<ServiceType, 'name' | 'description' | 'durationMinutes' | 'selfSchedulingEnabled' | 'active' | 'requiredSkillIds'>;

/**
 * The business's service type with this key (`pluginId` null: staff's own), with what its plugin
 * last wrote; the row is locked for the sync's transaction.
 */
export async function findServiceTypeByKey(
  sql: Sql | Tx,
  businessId: string,
  key: string,
): Promise<(ServiceTypeRow & { pluginBaseline: PluginServiceTypeBaseline | null }) | undefined> {
  const [locked] = await sql<{ id: string; pluginBaseline: PluginServiceTypeBaseline | null }[]>`
    SELECT id, plugin_baseline FROM service_type WHERE business_id = ${businessId} AND key = ${key} FOR UPDATE`;
  if (!locked) return undefined;
  const row = await findServiceType(sql, businessId, locked.id);
  return row && { ...row, pluginBaseline: locked.pluginBaseline };
}

export async function setPluginBaseline(tx: Tx, businessId: string, id: string, baseline: PluginServiceTypeBaseline): Promise<void> {
  await tx`UPDATE service_type SET plugin_baseline = ${tx.json(baseline as unknown as postgres.JSONValue)} WHERE business_id = ${businessId} AND id = ${id}`;
}

/**
 * Take a plugin's service types off the business's online catalog: those it no longer declares
 * (not in `keep`) always; with `keep` absent (the plugin was switched off) all of them, except
 * that a type staff switched off stays marked as their choice, so enabling again leaves it off.
 */
export async function deactivatePluginServiceTypes(tx: Tx, businessId: string, pluginId: string, keep?: string[]): Promise<void> {
  await tx`UPDATE service_type
    SET active = false,
      plugin_baseline = CASE WHEN plugin_baseline IS NULL OR NOT active THEN plugin_baseline ELSE jsonb_set(plugin_baseline, '{active}', 'false') END
    WHERE business_id = ${businessId} AND plugin_id = ${pluginId} ${keep ? tx`AND NOT (key = ANY(${keep}))` : tx``}`;
}

// ───── technicians ─────

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));

const TECHNICIAN = (sql: Sql | Tx) => sql`
  SELECT r.id, r.name, r.email, r.phone, r.photo_url, r.active,
    json_build_object('lat', r.start_lat, 'lon', r.start_lon, 'address', r.start_address) AS start,
    coalesce((SELECT array_agg(skill_id::text ORDER BY skill_id) FROM resource_skill WHERE resource_id = r.id), '{}') AS skill_ids,
    coalesce((SELECT array_agg(territory_id::text ORDER BY territory_id) FROM resource_territory WHERE resource_id = r.id), '{}') AS territory_ids,
    coalesce((SELECT json_agg(json_build_object('weekday', weekday, 'startMinute', start_minute, 'endMinute', end_minute) ORDER BY weekday, start_minute)
              FROM resource_working_hours WHERE resource_id = r.id), '[]') AS working_hours
  FROM resource r`;

type TechnicianRow = Omit<TechnicianView, 'workingHours'> & { workingHours: { weekday: number; startMinute: number; endMinute: number }[] };
const technicianView = (row: TechnicianRow): TechnicianView => ({
  ...row,
  workingHours: row.workingHours.map((h) => ({ weekday: h.weekday, start: hhmm(h.startMinute), end: hhmm(h.endMinute) })),
});

export async function listTechnicianViews(sql: Sql | Tx, businessId: string): Promise<TechnicianView[]> {
  return (await sql<TechnicianRow[]>`${TECHNICIAN(sql)} WHERE r.business_id = ${businessId} ORDER BY lower(r.name)`).map(technicianView);
}

export async function findTechnicianView(sql: Sql | Tx, businessId: string, id: string): Promise<TechnicianView | undefined> {
  const [row] = await sql<TechnicianRow[]>`${TECHNICIAN(sql)} WHERE r.business_id = ${businessId} AND r.id = ${id}`;
  return row && technicianView(row);
}

/** Insert (no id) or change a technician; each given set (skills, territories, hours) replaces the old one. */
export async function saveTechnician(tx: Tx, businessId: string, t: TechnicianPatch, id?: string): Promise<string | undefined> {
  const { skillIds, territoryIds, workingHours, start, ...rest } = t;
  const columns = { ...rest, ...(start ? { startLat: start.lat, startLon: start.lon, startAddress: start.address ?? null } : {}) };
  let techId = id;
  if (!techId) {
    const [inserted] = await tx<{ id: string }[]>`INSERT INTO resource ${tx({ businessId, ...columns })} RETURNING id`;
    techId = inserted!.id;
  } else {
    const found = Object.keys(columns).length
      ? await tx`UPDATE resource SET ${tx(columns)} WHERE business_id = ${businessId} AND id = ${techId} RETURNING id`
      : await tx`SELECT id FROM resource WHERE business_id = ${businessId} AND id = ${techId}`;
    if (!found.length) return undefined;
  }
  if (skillIds) {
    await tx`DELETE FROM resource_skill WHERE resource_id = ${techId}`;
    for (const skillId of new Set(skillIds)) await tx`INSERT INTO resource_skill (business_id, resource_id, skill_id) VALUES (${businessId}, ${techId}, ${skillId})`;
  }
  if (territoryIds) {
    await tx`DELETE FROM resource_territory WHERE resource_id = ${techId}`;
    for (const territoryId of new Set(territoryIds)) {
      await tx`INSERT INTO resource_territory (business_id, resource_id, territory_id) VALUES (${businessId}, ${techId}, ${territoryId})`;
    }
  }
  if (workingHours) {
    await tx`DELETE FROM resource_working_hours WHERE resource_id = ${techId}`;
    for (const h of workingHours) {
      await tx`
        INSERT INTO resource_working_hours (business_id, resource_id, weekday, start_minute, end_minute)
        VALUES (${businessId}, ${techId}, ${h.weekday}, ${minutes(h.start)}, ${minutes(h.end)})`;
    }
  }
  return techId;
}

export interface TimeOffRow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
}

export const listTimeOff = (sql: Sql | Tx, businessId: string, resourceId: string) =>
  sql<TimeOffRow[]>`SELECT id, starts_at, ends_at, reason FROM resource_time_off WHERE business_id = ${businessId} AND resource_id = ${resourceId} ORDER BY starts_at`;

export async function insertTimeOff(sql: Sql | Tx, businessId: string, resourceId: string, t: { startsAt: string; endsAt: string; reason: string | null }): Promise<TimeOffRow> {
  const [row] = await sql<TimeOffRow[]>`
    INSERT INTO resource_time_off (business_id, resource_id, starts_at, ends_at, reason)
    VALUES (${businessId}, ${resourceId}, ${t.startsAt}, ${t.endsAt}, ${t.reason}) RETURNING id, starts_at, ends_at, reason`;
  return row!;
}

export async function deleteTimeOff(sql: Sql | Tx, businessId: string, resourceId: string, id: string): Promise<boolean> {
  return (await sql`DELETE FROM resource_time_off WHERE business_id = ${businessId} AND resource_id = ${resourceId} AND id = ${id} RETURNING id`).length > 0;
}
