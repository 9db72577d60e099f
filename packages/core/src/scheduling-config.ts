// What staff configure for scheduling: skills, territories, service types, technicians, settings.
import { z } from 'zod';
import { httpUrlSchema, latitudeSchema, longitudeSchema, text } from './schemas';

const name = text.trim().min(1).max(120);
const point = z.object({ lat: latitudeSchema, lon: longitudeSchema });
/** "HH:MM" on a 24-hour clock; "24:00" ends a shift at midnight. */
const clockTime = text.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time like 08:00 or 17:30');

export const skillInputSchema = z.object({ name }).meta({ id: 'SkillInput' });
export const skillSchema = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'Skill' });

/** A circle (centre and radius) or a polygon of [lon, lat] points. */
export const territoryInputSchema = z
  .object({
    name,
    center: point.optional(),
    radiusKm: z.number().positive().max(1000).optional(),
    polygon: z.array(z.tuple([longitudeSchema, latitudeSchema])).min(3).max(500).optional(),
  })
  .refine((t) => (t.polygon ? !t.center && t.radiusKm === undefined : Boolean(t.center) && t.radiusKm !== undefined), {
    message: 'give either center and radiusKm, or polygon',
  })
  .meta({ id: 'TerritoryInput' });
export const territorySchema = z
  .object({ id: z.uuid(), name: z.string(), center: point.nullable(), radiusKm: z.number().nullable(), polygon: z.array(z.tuple([z.number(), z.number()])).nullable() })
  .meta({ id: 'Territory' });

/**
 * An extra question asked when booking this service type. `kind` is what the answer is checked
 * against; `widget` (`<client plugin id>:<name>`) only asks the booking form to show it with that
 * client plugin's renderer, when the page has it (else the plain input of `kind`).
 */
export const intakeFieldSchema = z.object({
  key: text.regex(/^[a-z][a-zA-Z0-9_]{0,62}$/),
  label: text.trim().min(1).max(200),
  kind: z.enum(['text', 'number', 'select', 'checkbox']),
  required: z.boolean().default(false),
  options: z.array(text.min(1).max(200)).max(50).optional(),
  widget: text.regex(/^[a-z][a-z0-9-]{1,40}:[a-zA-Z][\w-]{0,40}$/, 'a client plugin id, a colon and a widget name').optional(),
});

const serviceTypeFields = {
  key: text.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _'),
  name,
  description: text.trim().max(2000).nullable(),
  durationMinutes: z.number().int().min(5).max(1440),
  selfSchedulingEnabled: z.boolean(),
  active: z.boolean(),
  requiredSkillIds: z.array(z.uuid()).max(50),
  intakeFields: z.array(intakeFieldSchema).max(30),
};
export const serviceTypeInputSchema = z
  .object({
    ...serviceTypeFields,
    description: serviceTypeFields.description.default(null),
    selfSchedulingEnabled: serviceTypeFields.selfSchedulingEnabled.default(true),
    active: serviceTypeFields.active.default(true),
    requiredSkillIds: serviceTypeFields.requiredSkillIds.default([]),
    intakeFields: serviceTypeFields.intakeFields.default([]),
  })
  .meta({ id: 'ServiceTypeInput' });
export const serviceTypePatchSchema = z.object(serviceTypeFields).partial().strict().meta({ id: 'ServiceTypePatch' });
export const serviceTypeSchema = z
  .object({
    id: z.uuid(),
    ...serviceTypeFields,
    /** The plugin that declares this service type (kept in step with it while enabled), or null. */
    pluginId: z.string().nullable(),
  })
  .meta({ id: 'ServiceType' });
export type ServiceTypeInput = z.infer<typeof serviceTypeInputSchema>;

export const workingHoursSchema = z
  .object({ weekday: z.number().int().min(1).max(7), start: clockTime, end: clockTime })
  .refine((h) => h.start < h.end, { path: ['end'], message: 'must be after start' });

const technicianFields = {
  name,
  email: z.email().max(254).nullable(),
  phone: text.trim().max(40).nullable(),
  photoUrl: httpUrlSchema.max(1000).nullable(),
  active: z.boolean(),
  start: point.extend({ address: text.trim().max(300).nullable().optional() }),
  skillIds: z.array(z.uuid()).max(50),
  territoryIds: z.array(z.uuid()).max(50),
  /** ISO weekday (1 = Monday) and local times in the business's time zone. */
  workingHours: z.array(workingHoursSchema).max(50),
};
export const technicianInputSchema = z
  .object({
    ...technicianFields,
    email: technicianFields.email.default(null),
    phone: technicianFields.phone.default(null),
    photoUrl: technicianFields.photoUrl.default(null),
    active: technicianFields.active.default(true),
    skillIds: technicianFields.skillIds.default([]),
    territoryIds: technicianFields.territoryIds.default([]),
    workingHours: technicianFields.workingHours.default([]),
  })
  .meta({ id: 'TechnicianInput' });
export const technicianPatchSchema = z.object(technicianFields).partial().strict().meta({ id: 'TechnicianPatch' });
export const technicianSchema = z
  .object({ id: z.uuid(), ...technicianFields, start: point.extend({ address: z.string().nullable() }) })
  .meta({ id: 'Technician' });
export type TechnicianInput = z.infer<typeof technicianInputSchema>;
export type TechnicianPatch = z.infer<typeof technicianPatchSchema>;
export type TechnicianView = z.infer<typeof technicianSchema>;

export const timeOffInputSchema = z
  .object({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }), reason: text.trim().max(500).nullable().default(null) })
  .refine((t) => Date.parse(t.startsAt) < Date.parse(t.endsAt), { path: ['endsAt'], message: 'must be after startsAt' })
  .meta({ id: 'TimeOffInput' });
export const timeOffSchema = z
  .object({ id: z.uuid(), startsAt: z.iso.datetime(), endsAt: z.iso.datetime(), reason: z.string().nullable() })
  .meta({ id: 'TimeOff' });

/** The business's self-scheduling settings (the seeds' "self-scheduling settings"). */
export const schedulingSettingsSchema = z
  .object({
    assetSelectionEnabled: z.boolean(),
    additionalDetailsEnabled: z.boolean(),
    minLeadMinutes: z.number().int().min(0).max(43200),
    maxLeadDays: z.number().int().min(1).max(365),
    slotIntervalMinutes: z.number().int().min(5).max(240),
    arrivalWindowMinutes: z.number().int().min(0).max(480),
    changeCutoffMinutes: z.number().int().min(0).max(20160),
    maxTravelMinutes: z.number().int().min(1).max(480),
    travelRoadFactor: z.number().min(1).max(3),
    travelSpeedKmh: z.number().min(5).max(130),
    showTechnicianName: z.boolean(),
    showTechnicianPhoto: z.boolean(),
    showTechnicianPhone: z.boolean(),
    trackingEnabled: z.boolean(),
    /** Live tracking: a fix this close to the visit's place (metres) means the technician is arriving. */
    arrivingRadiusM: z.number().int().min(25).max(5000),
    /** Technicians' location fixes are deleted after this many hours. */
    locationRetentionHours: z.number().int().min(1).max(720),
    /** A tracking link, and the visit's fixes, outlive the Traveling status by this many minutes. */
    trackingLinkGraceMinutes: z.number().int().min(0).max(1440),
    surveyEnabled: z.boolean(),
    /**
     * The reminder goes out this many minutes before the arrival (default 1440, 24 h; at most 14
     * days). 0 sends no reminders.
     */
    reminderLeadMinutes: z.number().int().min(0).max(20160),
  })
  .meta({ id: 'SchedulingSettings' });
export const schedulingSettingsPatchSchema = schedulingSettingsSchema.partial().strict().meta({ id: 'SchedulingSettingsPatch' });
export type SchedulingSettings = z.infer<typeof schedulingSettingsSchema>;
export type SchedulingSettingsPatch = z.infer<typeof schedulingSettingsPatchSchema>;
export type Skill = z.infer<typeof skillSchema>;
export type TerritoryInput = z.infer<typeof territoryInputSchema>;
export type TerritoryView = z.infer<typeof territorySchema>;
export type IntakeField = z.infer<typeof intakeFieldSchema>;
export type ServiceType = z.infer<typeof serviceTypeSchema>;
export type ServiceTypePatch = z.infer<typeof serviceTypePatchSchema>;
export type TimeOffInput = z.infer<typeof timeOffInputSchema>;
export type TimeOff = z.infer<typeof timeOffSchema>;
