// Staff configure scheduling: skills, territories, service types, technicians and their time off,
// and the business's self-scheduling settings (admins).
import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  schedulingSettingsPatchSchema,
  schedulingSettingsSchema,
  serviceTypeInputSchema,
  serviceTypePatchSchema,
  serviceTypeSchema,
  skillInputSchema,
  skillSchema,
  technicianInputSchema,
  technicianPatchSchema,
  technicianSchema,
  territoryInputSchema,
  territorySchema,
  timeOffInputSchema,
  timeOffSchema,
} from '@arrivo/core';
import type { AppDeps } from '../deps';
import { getSchedulingSettings, updateSchedulingSettings } from '../db/queries/schedule';
import {
  deleteSkill,
  deleteTerritory,
  deleteTimeOff,
  findServiceType,
  findTechnicianView,
  insertSkill,
  insertTimeOff,
  selectServiceTypes,
  listSkills,
  listTechnicianViews,
  listTerritories,
  listTimeOff,
  renameSkill,
  saveServiceType,
  saveTechnician,
  upsertTerritory,
  type TimeOffRow,
} from '../db/queries/scheduling-config';
import { businessParams, errors, json, jsonBody, noContent, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;
const writeErrors = errors(400, 401, 403, 404, 409, 422);
const missing = (what: string) => new AppError('not_found', `There is no such ${what}.`);
const found = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw missing(what);
  return value;
};

const crud = <K extends string, T extends z.ZodType, I extends z.ZodType, P extends z.ZodType>(plural: string, idKey: K, view: T, input: I, patch: P) => ({
  list: createRoute({ ...common, method: 'get', path: path(`/${plural}`), summary: `All ${plural}`, request: { params: businessParams }, responses: { 200: json(z.array(view), 'List'), ...errors(401, 403, 404) } }),
  create: createRoute({ ...common, method: 'post', path: path(`/${plural}`), summary: `Add to ${plural}`, request: { params: businessParams, ...jsonBody(input) }, responses: { 201: json(view, 'Created'), ...writeErrors } }),
  update: createRoute({ ...common, method: 'patch', path: path(`/${plural}/{${idKey}}`), summary: `Change one of ${plural}`, request: { params: withId(idKey), ...jsonBody(patch) }, responses: { 200: json(view, 'Changed'), ...writeErrors } }),
});

const routes = {
  skills: crud('skills', 'skillId', skillSchema, skillInputSchema, skillInputSchema),
  deleteSkill: createRoute({ ...common, method: 'delete', path: path('/skills/{skillId}'), summary: 'Remove a skill (refused while a service type requires it)', request: { params: withId('skillId') }, responses: { 204: noContent, ...writeErrors } }),
  territories: crud('territories', 'territoryId', territorySchema, territoryInputSchema, territoryInputSchema),
  deleteTerritory: createRoute({ ...common, method: 'delete', path: path('/territories/{territoryId}'), summary: 'Remove a territory', request: { params: withId('territoryId') }, responses: { 204: noContent, ...writeErrors } }),
  serviceTypes: crud('service-types', 'serviceTypeId', serviceTypeSchema, serviceTypeInputSchema, serviceTypePatchSchema),
  technicians: crud('technicians', 'technicianId', technicianSchema, technicianInputSchema, technicianPatchSchema),
  getTechnician: createRoute({ ...common, method: 'get', path: path('/technicians/{technicianId}'), summary: 'One technician', request: { params: withId('technicianId') }, responses: { 200: json(technicianSchema, 'Technician'), ...errors(400, 401, 403, 404) } }),
  listTimeOff: createRoute({ ...common, method: 'get', path: path('/technicians/{technicianId}/time-off'), summary: 'A technician’s time off', request: { params: withId('technicianId') }, responses: { 200: json(z.array(timeOffSchema), 'Time off'), ...errors(400, 401, 403, 404) } }),
  addTimeOff: createRoute({ ...common, method: 'post', path: path('/technicians/{technicianId}/time-off'), summary: 'Add time off (no visits are offered during it)', request: { params: withId('technicianId'), ...jsonBody(timeOffInputSchema) }, responses: { 201: json(timeOffSchema, 'Added'), ...writeErrors } }),
  removeTimeOff: createRoute({ ...common, method: 'delete', path: path('/technicians/{technicianId}/time-off/{timeOffId}'), summary: 'Remove time off', request: { params: withId('technicianId').extend({ timeOffId: z.uuid() }) }, responses: { 204: noContent, ...errors(400, 401, 403, 404) } }),
  getSettings: createRoute({ ...common, method: 'get', path: path('/settings/scheduling'), summary: 'Self-scheduling settings (admins)', request: { params: businessParams }, responses: { 200: json(schedulingSettingsSchema, 'Settings'), ...errors(401, 403, 404) } }),
  updateSettings: createRoute({ ...common, method: 'patch', path: path('/settings/scheduling'), summary: 'Change self-scheduling settings (admins)', request: { params: businessParams, ...jsonBody(schedulingSettingsPatchSchema) }, responses: { 200: json(schedulingSettingsSchema, 'Settings'), ...errors(400, 401, 403, 404) } }),
};

const timeOffView = (t: TimeOffRow) => ({ id: t.id, startsAt: t.startsAt.toISOString(), endsAt: t.endsAt.toISOString(), reason: t.reason });

export function adminSchedulingRoutes(deps: Pick<AppDeps, 'sql'>) {
  const { sql } = deps;
  const technician = async (businessId: string, id: string) => found(await findTechnicianView(sql, businessId, id), 'technician');
  return createRouter()
    .openapi(routes.skills.list, async (c) => c.json(await listSkills(sql, c.get('business').id), 200))
    .openapi(routes.skills.create, async (c) => c.json(await insertSkill(sql, c.get('business').id, c.req.valid('json').name), 201))
    .openapi(routes.skills.update, async (c) => c.json(found(await renameSkill(sql, c.get('business').id, c.req.valid('param').skillId, c.req.valid('json').name), 'skill'), 200))
    .openapi(routes.deleteSkill, async (c) => {
      if (!(await deleteSkill(sql, c.get('business').id, c.req.valid('param').skillId))) throw missing('skill');
      return c.body(null, 204);
    })
    .openapi(routes.territories.list, async (c) => c.json(await listTerritories(sql, c.get('business').id), 200))
    .openapi(routes.territories.create, async (c) => c.json((await upsertTerritory(sql, c.get('business').id, c.req.valid('json')))!, 201))
    .openapi(routes.territories.update, async (c) =>
      c.json(found(await upsertTerritory(sql, c.get('business').id, c.req.valid('json'), c.req.valid('param').territoryId), 'territory'), 200),
    )
    .openapi(routes.deleteTerritory, async (c) => {
      if (!(await deleteTerritory(sql, c.get('business').id, c.req.valid('param').territoryId))) throw missing('territory');
      return c.body(null, 204);
    })
    .openapi(routes.serviceTypes.list, async (c) => c.json(await selectServiceTypes(sql, c.get('business').id), 200))
    .openapi(routes.serviceTypes.create, async (c) => {
      const id = (await sql.begin((tx) => saveServiceType(tx, c.get('business').id, c.req.valid('json'))))!;
      return c.json((await findServiceType(sql, c.get('business').id, id))!, 201);
    })
    .openapi(routes.serviceTypes.update, async (c) => {
      const { id: businessId } = c.get('business');
      const id = found(await sql.begin((tx) => saveServiceType(tx, businessId, c.req.valid('json'), c.req.valid('param').serviceTypeId)), 'service type');
      return c.json((await findServiceType(sql, businessId, id))!, 200);
    })
    .openapi(routes.technicians.list, async (c) => c.json(await listTechnicianViews(sql, c.get('business').id), 200))
    .openapi(routes.technicians.create, async (c) => {
      const id = (await sql.begin((tx) => saveTechnician(tx, c.get('business').id, c.req.valid('json'))))!;
      return c.json(await technician(c.get('business').id, id), 201);
    })
    .openapi(routes.technicians.update, async (c) => {
      const { id: businessId } = c.get('business');
      const id = found(await sql.begin((tx) => saveTechnician(tx, businessId, c.req.valid('json'), c.req.valid('param').technicianId)), 'technician');
      return c.json(await technician(businessId, id), 200);
    })
    .openapi(routes.getTechnician, async (c) => c.json(await technician(c.get('business').id, c.req.valid('param').technicianId), 200))
    .openapi(routes.listTimeOff, async (c) => {
      const { id: businessId } = c.get('business');
      const { technicianId } = c.req.valid('param');
      await technician(businessId, technicianId);
      return c.json((await listTimeOff(sql, businessId, technicianId)).map(timeOffView), 200);
    })
    .openapi(routes.addTimeOff, async (c) => {
      const { id: businessId } = c.get('business');
      const { technicianId } = c.req.valid('param');
      await technician(businessId, technicianId);
      return c.json(timeOffView(await insertTimeOff(sql, businessId, technicianId, c.req.valid('json'))), 201);
    })
    .openapi(routes.removeTimeOff, async (c) => {
      const { technicianId, timeOffId } = c.req.valid('param');
      if (!(await deleteTimeOff(sql, c.get('business').id, technicianId, timeOffId))) throw missing('time off');
      return c.body(null, 204);
    })
    .openapi(routes.getSettings, async (c) => {
      const { scheduleVersion: _, ...settings } = await getSchedulingSettings(sql, c.get('business').id);
      return c.json(settings, 200);
    })
    .openapi(routes.updateSettings, async (c) => c.json(await updateSchedulingSettings(sql, c.get('business').id, c.req.valid('json')), 200));
}
