// Staff configure scheduling: skills, territories, service types, technicians and their time off.
// Writes that touch several rows (a technician with its skills, territories and hours) run in one
// transaction, so a failure leaves the old configuration whole.
import { AppError, type SchedulingSettings, type SchedulingSettingsPatch, type TechnicianPatch, type TimeOff, type TimeOffInput } from '@arrivo/core';
import type { Sql } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import { getSchedulingSettings, updateSchedulingSettings } from '../db/queries/schedule';
import {
  deleteSkill,
  deleteTerritory,
  deleteTimeOff,
  findServiceType,
  findTechnicianView,
  insertSkill,
  insertTimeOff,
  listSkills,
  listTechnicianViews,
  listTerritories,
  listTimeOff,
  renameSkill,
  saveServiceType,
  saveTechnician,
  selectServiceTypes,
  upsertTerritory,
  type ServiceTypeFields,
  type TerritoryFields,
  type TimeOffRow,
} from '../db/queries/scheduling-config';
import { found, notFound } from './not-found';

type Deps = { sql: Sql };

const removed = (done: boolean, what: string) => {
  if (!done) throw notFound(what);
};

const timeOffView = (t: TimeOffRow): TimeOff => ({ id: t.id, startsAt: t.startsAt.toISOString(), endsAt: t.endsAt.toISOString(), reason: t.reason });

export const skills = {
  list: ({ sql }: Deps, business: BusinessRow) => listSkills(sql, business.id),
  create: ({ sql }: Deps, business: BusinessRow, name: string) => insertSkill(sql, business.id, name),
  rename: async ({ sql }: Deps, business: BusinessRow, id: string, name: string) => found(await renameSkill(sql, business.id, id, name), 'skill'),
  remove: async ({ sql }: Deps, business: BusinessRow, id: string) => removed(await deleteSkill(sql, business.id, id), 'skill'),
};

export const territories = {
  list: ({ sql }: Deps, business: BusinessRow) => listTerritories(sql, business.id),
  create: async ({ sql }: Deps, business: BusinessRow, input: TerritoryFields) => found(await upsertTerritory(sql, business.id, input), 'territory'),
  update: async ({ sql }: Deps, business: BusinessRow, id: string, input: TerritoryFields) =>
    found(await upsertTerritory(sql, business.id, input, id), 'territory'),
  remove: async ({ sql }: Deps, business: BusinessRow, id: string) => removed(await deleteTerritory(sql, business.id, id), 'territory'),
};

export const serviceTypes = {
  list: ({ sql }: Deps, business: BusinessRow) => selectServiceTypes(sql, business.id),
  /** Insert (no id) or change a service type together with its required skills. */
  async save({ sql }: Deps, business: BusinessRow, input: Partial<ServiceTypeFields>, id?: string) {
    const savedId = found(await sql.begin((tx) => saveServiceType(tx, business.id, input, id)), 'service type');
    return found(await findServiceType(sql, business.id, savedId), 'service type');
  },
};

export const technicians = {
  list: ({ sql }: Deps, business: BusinessRow) => listTechnicianViews(sql, business.id),
  get: async ({ sql }: Deps, business: BusinessRow, id: string) => found(await findTechnicianView(sql, business.id, id), 'technician'),
  /** Insert (no id) or change a technician; its skills, territories and hours are replaced in the same transaction. */
  async save(deps: Deps, business: BusinessRow, input: TechnicianPatch, id?: string) {
    const savedId = found(await deps.sql.begin((tx) => saveTechnician(tx, business.id, input, id)), 'technician');
    return technicians.get(deps, business, savedId);
  },
};

export const timeOff = {
  async list(deps: Deps, business: BusinessRow, technicianId: string): Promise<TimeOff[]> {
    await technicians.get(deps, business, technicianId);
    return (await listTimeOff(deps.sql, business.id, technicianId)).map(timeOffView);
  },
  async add(deps: Deps, business: BusinessRow, technicianId: string, input: TimeOffInput): Promise<TimeOff> {
    await technicians.get(deps, business, technicianId);
    return timeOffView(await insertTimeOff(deps.sql, business.id, technicianId, input));
  },
  remove: async ({ sql }: Deps, business: BusinessRow, technicianId: string, id: string) =>
    removed(await deleteTimeOff(sql, business.id, technicianId, id), 'time off'),
};

export const schedulingSettings = {
  async get({ sql }: Deps, business: BusinessRow): Promise<SchedulingSettings> {
    const { scheduleVersion: _, ...settings } = await getSchedulingSettings(sql, business.id);
    return settings;
  },
  update: ({ sql }: Deps, business: BusinessRow, patch: SchedulingSettingsPatch): Promise<SchedulingSettings> =>
    updateSchedulingSettings(sql, business.id, patch),
};
