// Admin console, scheduling setup: skills, territories, service types, technicians and their time
// off and sign-in account (staff), and the self-scheduling and access settings (admins). Only the
// console's lazily loaded setup screens import this module.
import type {
  accessSettingsSchema,
  schedulingSettingsPatchSchema,
  schedulingSettingsSchema,
  serviceTypeInputSchema,
  serviceTypePatchSchema,
  serviceTypeSchema,
  skillSchema,
  technicianAccountSchema,
  technicianInputSchema,
  technicianPatchSchema,
  technicianSchema,
  territoryInputSchema,
  territorySchema,
  timeOffInputSchema,
  timeOffSchema,
} from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

export type Skill = Out<typeof skillSchema>;
export type Territory = Out<typeof territorySchema>;
export type ServiceType = Out<typeof serviceTypeSchema>;
export type ServiceTypeInput = In<typeof serviceTypeInputSchema>;
export type Technician = Out<typeof technicianSchema>;
export type TechnicianInput = In<typeof technicianInputSchema>;
export type WorkingHours = Technician['workingHours'][number];
export type TimeOff = Out<typeof timeOffSchema>;
export type TechnicianAccount = Out<typeof technicianAccountSchema>;
export type SchedulingSettings = Out<typeof schedulingSettingsSchema>;
export type AccessSettings = Out<typeof accessSettingsSchema>;

const id = encodeURIComponent;
const get = <T>(c: Connection, path: string, signal?: AbortSignal) => c.call<T>(`admin/${path}`, { signal });

export const skills = (c: Connection, signal?: AbortSignal) => get<Skill[]>(c, 'skills', signal);
export const createSkill = (c: Connection, name: string) => c.call<Skill>('admin/skills', { method: 'post', json: { name } });
export const renameSkill = (c: Connection, skillId: string, name: string) => c.call<Skill>(`admin/skills/${id(skillId)}`, { method: 'patch', json: { name } });
/** Refused while a service type requires the skill. */
export const removeSkill = (c: Connection, skillId: string) => c.call<void>(`admin/skills/${id(skillId)}`, { method: 'delete' });

export const territories = (c: Connection, signal?: AbortSignal) => get<Territory[]>(c, 'territories', signal);
export const createTerritory = (c: Connection, json: In<typeof territoryInputSchema>) => c.call<Territory>('admin/territories', { method: 'post', json });
export const updateTerritory = (c: Connection, territoryId: string, json: In<typeof territoryInputSchema>) =>
  c.call<Territory>(`admin/territories/${id(territoryId)}`, { method: 'patch', json });
export const removeTerritory = (c: Connection, territoryId: string) => c.call<void>(`admin/territories/${id(territoryId)}`, { method: 'delete' });

export const serviceTypes = (c: Connection, signal?: AbortSignal) => get<ServiceType[]>(c, 'service-types', signal);
export const createServiceType = (c: Connection, json: ServiceTypeInput) => c.call<ServiceType>('admin/service-types', { method: 'post', json });
export const updateServiceType = (c: Connection, serviceTypeId: string, json: In<typeof serviceTypePatchSchema>) =>
  c.call<ServiceType>(`admin/service-types/${id(serviceTypeId)}`, { method: 'patch', json });

export const technicians = (c: Connection, signal?: AbortSignal) => get<Technician[]>(c, 'technicians', signal);
export const createTechnician = (c: Connection, json: TechnicianInput) => c.call<Technician>('admin/technicians', { method: 'post', json });
export const updateTechnician = (c: Connection, technicianId: string, json: In<typeof technicianPatchSchema>) =>
  c.call<Technician>(`admin/technicians/${id(technicianId)}`, { method: 'patch', json });

export const timeOff = (c: Connection, technicianId: string, signal?: AbortSignal) => get<TimeOff[]>(c, `technicians/${id(technicianId)}/time-off`, signal);
export const addTimeOff = (c: Connection, technicianId: string, json: In<typeof timeOffInputSchema>) =>
  c.call<TimeOff>(`admin/technicians/${id(technicianId)}/time-off`, { method: 'post', json });
export const removeTimeOff = (c: Connection, technicianId: string, timeOffId: string) =>
  c.call<void>(`admin/technicians/${id(technicianId)}/time-off/${id(timeOffId)}`, { method: 'delete' });

export const technicianAccount = (c: Connection, technicianId: string, signal?: AbortSignal) => get<TechnicianAccount>(c, `technicians/${id(technicianId)}/account`, signal);
/** Link to the account with this email; it must hold the technician role here. */
export const linkTechnicianAccount = (c: Connection, technicianId: string, email: string) =>
  c.call<TechnicianAccount>(`admin/technicians/${id(technicianId)}/account`, { method: 'put', json: { email } });
export const unlinkTechnicianAccount = (c: Connection, technicianId: string) => c.call<void>(`admin/technicians/${id(technicianId)}/account`, { method: 'delete' });

export const schedulingSettings = (c: Connection, signal?: AbortSignal) => get<SchedulingSettings>(c, 'settings/scheduling', signal);
export const updateSchedulingSettings = (c: Connection, json: In<typeof schedulingSettingsPatchSchema>) =>
  c.call<SchedulingSettings>('admin/settings/scheduling', { method: 'patch', json });
export const accessSettings = (c: Connection, signal?: AbortSignal) => get<AccessSettings>(c, 'settings/access', signal);
export const updateAccessSettings = (c: Connection, json: Partial<AccessSettings>) => c.call<AccessSettings>('admin/settings/access', { method: 'patch', json });
