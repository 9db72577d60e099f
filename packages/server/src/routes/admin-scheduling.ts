// Staff configure scheduling: skills, territories, service types, technicians and their time off,
// and the business's self-scheduling settings (admins).
import { createRoute, z } from '@hono/zod-openapi';
import {
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
import { businessParams, errors, json, jsonBody, noContent, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { schedulingSettings, serviceTypes, skills, technicians, territories, timeOff } from '../services/scheduling-config';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;
const writeErrors = errors(400, 401, 403, 404, 409, 422);

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

export function adminSchedulingRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'staff')
    .openapi(routes.skills.list, async (c) => c.json(await skills.list(deps, c.get('business')), 200))
    .openapi(routes.skills.create, async (c) => c.json(await skills.create(deps, c.get('business'), c.req.valid('json').name), 201))
    .openapi(routes.skills.update, async (c) => c.json(await skills.rename(deps, c.get('business'), c.req.valid('param').skillId, c.req.valid('json').name), 200))
    .openapi(routes.deleteSkill, async (c) => {
      await skills.remove(deps, c.get('business'), c.req.valid('param').skillId);
      return c.body(null, 204);
    })
    .openapi(routes.territories.list, async (c) => c.json(await territories.list(deps, c.get('business')), 200))
    .openapi(routes.territories.create, async (c) => c.json(await territories.create(deps, c.get('business'), c.req.valid('json')), 201))
    .openapi(routes.territories.update, async (c) =>
      c.json(await territories.update(deps, c.get('business'), c.req.valid('param').territoryId, c.req.valid('json')), 200),
    )
    .openapi(routes.deleteTerritory, async (c) => {
      await territories.remove(deps, c.get('business'), c.req.valid('param').territoryId);
      return c.body(null, 204);
    })
    .openapi(routes.serviceTypes.list, async (c) => c.json(await serviceTypes.list(deps, c.get('business')), 200))
    .openapi(routes.serviceTypes.create, async (c) => c.json(await serviceTypes.save(deps, c.get('business'), c.req.valid('json')), 201))
    .openapi(routes.serviceTypes.update, async (c) =>
      c.json(await serviceTypes.save(deps, c.get('business'), c.req.valid('json'), c.req.valid('param').serviceTypeId), 200),
    )
    .openapi(routes.technicians.list, async (c) => c.json(await technicians.list(deps, c.get('business')), 200))
    .openapi(routes.technicians.create, async (c) => c.json(await technicians.save(deps, c.get('business'), c.req.valid('json')), 201))
    .openapi(routes.technicians.update, async (c) =>
      c.json(await technicians.save(deps, c.get('business'), c.req.valid('json'), c.req.valid('param').technicianId), 200),
    )
    .openapi(routes.getTechnician, async (c) => c.json(await technicians.get(deps, c.get('business'), c.req.valid('param').technicianId), 200))
    .openapi(routes.listTimeOff, async (c) => c.json(await timeOff.list(deps, c.get('business'), c.req.valid('param').technicianId), 200))
    .openapi(routes.addTimeOff, async (c) => c.json(await timeOff.add(deps, c.get('business'), c.req.valid('param').technicianId, c.req.valid('json')), 201))
    .openapi(routes.removeTimeOff, async (c) => {
      const { technicianId, timeOffId } = c.req.valid('param');
      await timeOff.remove(deps, c.get('business'), technicianId, timeOffId);
      return c.body(null, 204);
    });
}

/** Self-scheduling settings: admins only. */
export function schedulingSettingsRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'admin')
    .openapi(routes.getSettings, async (c) => c.json(await schedulingSettings.get(deps, c.get('business')), 200))
    .openapi(routes.updateSettings, async (c) => c.json(await schedulingSettings.update(deps, c.get('business'), c.req.valid('json')), 200));
}
