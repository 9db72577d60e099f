// Service types and their intake questions. A plugin's service types are materialised into the
// business's `service_type` table (marked with `plugin_id`) when the business enables the plugin, so
// the catalog, the engine, work orders and every view use the one path staff-made types use. What a
// row cannot hold — a duration computed from the answers, a cross-field intake schema — is looked up
// in the installed plugin by (plugin id, key) when slots are searched and when booking.
import { AppError, checkIntake, intakeAnswersSchema, type CheckedIntake as IntakeAnswers, type IntakeField, type ServiceType } from '@arrivo/core';
import type { PluginServiceType } from '@arrivo/sdk/server';
import type { Tx } from '../db/client';
import {
  deactivatePluginServiceTypes,
  ensureSkill,
  findServiceTypeByKey,
  saveServiceType,
  setPluginBaseline,
  type PluginServiceTypeBaseline,
} from '../db/queries/scheduling-config';
import type { LoadedPlugin, PluginRegistry } from '../plugins/registry';
import { pluginFailure } from '../plugins/invoke';

type Registry = Pick<PluginRegistry, 'get'>;

/** The catalog estimate of a type whose duration depends on the answers. */
function estimate(p: LoadedPlugin, t: PluginServiceType): number {
  if (typeof t.duration === 'number') return t.duration;
  try {
    const m = t.duration({});
    if (Number.isInteger(m) && m >= 5 && m <= 1440) return m;
  } catch (err) {
    p.log.warn({ err, serviceType: t.key }, `plugin ${p.id}: duration({}) threw; the catalog shows 60 minutes`);
  }
  return 60;
}

const STAFF_EDITABLE = ['name', 'description', 'durationMinutes', 'selfSchedulingEnabled', 'active', 'requiredSkillIds'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(Array.isArray(a) ? [...a].sort() : a) === JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

/**
 * Bring the business's copies of the plugin's service types in step with its declaration, keeping
 * staff's edits. A missing type is created (skills created by name when missing). On an existing
 * copy, each field staff may edit (name, description, duration estimate, self-scheduling, active,
 * required skills) follows the plugin only while it still holds what the plugin last wrote there
 * (its `plugin_baseline`); a field staff changed is theirs from then on. The key and the intake
 * questions belong to the plugin outright (its `intake` schema and `duration` read those answers)
 * and are always rewritten. Enabled: the types go on the catalog (unless staff switched one off);
 * disabled: they come off it. Types the plugin no longer declares always come off. A staff-made
 * type holding one of the keys blocks enabling with `conflict`. Runs in the transaction that saves
 * the plugin's row.
 */
export async function syncPluginServiceTypes(tx: Tx, p: LoadedPlugin, businessId: string, enabled: boolean): Promise<void> {
  const declared = p.plugin.serviceTypes ?? [];
  if (!enabled) return deactivatePluginServiceTypes(tx, businessId, p.id);
  for (const t of declared) {
    const existing = await findServiceTypeByKey(tx, businessId, t.key);
    if (existing && existing.pluginId !== p.id) {
      throw new AppError('conflict', `This business already has a service type with the key "${t.key}"; rename it before enabling the plugin ${p.id}.`);
    }
    const requiredSkillIds: string[] = [];
    for (const name of t.requiredSkills) requiredSkillIds.push(await ensureSkill(tx, businessId, name));
    const intakeFields: IntakeField[] = (t.fields ?? []).map((f) => ({ key: f.key, label: f.label, kind: f.kind, required: f.required ?? false, ...(f.options ? { options: f.options } : {}), ...(f.widget ? { widget: f.widget } : {}) }));
    const wanted: PluginServiceTypeBaseline = {
      name: t.label,
      description: t.description ?? null,
      durationMinutes: estimate(p, t),
      selfSchedulingEnabled: true,
      active: true,
      requiredSkillIds: [...new Set(requiredSkillIds)].sort(),
    };
    // Without a baseline (a copy older than it) every field is the plugin's, as it used to be,
    // except self-scheduling, which the plugin never wrote.
    const base = existing?.pluginBaseline ?? null;
    const theirs = (f: (typeof STAFF_EDITABLE)[number]) => existing !== undefined && (base === null ? f === 'selfSchedulingEnabled' : !same(existing[f], base[f]));
    const changes: Partial<PluginServiceTypeBaseline> = {};
    for (const f of STAFF_EDITABLE) if (!theirs(f)) Object.assign(changes, { [f]: wanted[f] });
    const id = await saveServiceType(tx, businessId, { ...changes, ...(existing ? {} : { key: t.key }), intakeFields, pluginId: p.id }, existing?.id);
    await setPluginBaseline(tx, businessId, id!, wanted);
  }
  await deactivatePluginServiceTypes(tx, businessId, p.id, declared.map((t) => t.key));
}

/** The plugin declaration behind a service type, when an installed plugin still declares it. */
function declaration(plugins: Registry, st: Pick<ServiceType, 'key' | 'pluginId'>): { p: LoadedPlugin; t: PluginServiceType } | undefined {
  const p = st.pluginId ? plugins.get(st.pluginId) : undefined;
  const t = p?.plugin.serviceTypes?.find((x) => x.key === st.key);
  return p && t ? { p, t } : undefined;
}

/** Does this service type's duration depend on the answers (the form must ask before showing times)? */
export function durationFromAnswers(plugins: Registry, st: Pick<ServiceType, 'key' | 'pluginId'>): boolean {
  return typeof declaration(plugins, st)?.t.duration === 'function';
}

const invalid = (where: (string | number)[], issues: { path: (string | number)[]; message: string }[]) =>
  new AppError('validation_failed', `Check the answers: ${issues.map((i) => [...where, ...i.path].slice(-1).join('.')).join(', ')}.`, {
    issues: issues.map((i) => ({ path: [...where, ...i.path], message: i.message })),
  });

/**
 * Check answers against the service type's fields, then against its plugin's `intake` schema.
 * Failures are `validation_failed` with issues under `where` (`['json', 'intake']`, `['query', 'intake']`).
 */
export function checkAnswers(plugins: Registry, businessId: string, st: Pick<ServiceType, 'key' | 'pluginId' | 'intakeFields'>, raw: unknown, where: (string | number)[]): IntakeAnswers {
  const shaped = intakeAnswersSchema.safeParse(raw ?? {});
  if (!shaped.success) throw invalid(where, shaped.error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === 'number' ? k : String(k))), message: i.message })));
  const { answers, issues } = checkIntake(st.intakeFields, shaped.data);
  if (issues.length) throw invalid(where, issues);
  const d = declaration(plugins, st);
  if (d?.t.intake) {
    let parsed: ReturnType<NonNullable<PluginServiceType['intake']>['safeParse']>;
    try {
      parsed = d.t.intake.safeParse(answers);
    } catch (err) {
      throw failed(d.p, businessId, 'intake', err);
    }
    if (!parsed.success) throw invalid(where, parsed.error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === 'number' ? k : String(k))), message: i.message })));
  }
  return answers;
}

function failed(p: LoadedPlugin, businessId: string, call: string, err: unknown) {
  pluginFailure(p, call, businessId, err);
  return new AppError('plugin_unavailable', undefined, { details: { plugin: p.id } });
}

/** The answers in a query string (a JSON object); malformed JSON is a `validation_failed`. */
export function answersFromQuery(json: string | undefined): unknown {
  if (json === undefined) return {};
  try {
    return JSON.parse(json);
  } catch {
    throw new AppError('validation_failed', 'intake must be a JSON object of answers.', { issues: [{ path: ['query', 'intake'], message: 'not valid JSON' }] });
  }
}

/** Minutes for this service type with these (checked) answers: the plugin's function, or the stored duration. */
export function durationOf(plugins: Registry, businessId: string, st: Pick<ServiceType, 'key' | 'pluginId' | 'durationMinutes'>, answers: IntakeAnswers): number {
  const d = declaration(plugins, st);
  if (!d || typeof d.t.duration !== 'function') return st.durationMinutes;
  let minutes: number;
  try {
    minutes = d.t.duration(answers);
  } catch (err) {
    throw failed(d.p, businessId, `serviceTypes.${st.key}.duration`, err);
  }
  if (!Number.isFinite(minutes) || minutes < 5 || minutes > 1440) throw failed(d.p, businessId, `serviceTypes.${st.key}.duration`, new Error(`duration answered ${minutes}; expected 5–1440 minutes`));
  return Math.round(minutes);
}
