// Customer self-scheduling: offered times, booking, rescheduling, canceling, the appointment list.
import { createHash } from 'node:crypto';
import {
  addDays,
  AppError,
  candidatesAt,
  customerMayChange,
  findSlots,
  isFinal,
  zonedDate,
  zonedInstant,
  type Appointments,
  type BookBody,
  type CustomerBooking,
  type ScheduleData,
  type Slot,
  type SlotDays,
  type SlotQuery,
  type Slots,
  type SchedulingSettings,
  type SurveySettings,
} from '@arrivo/core';
import type { Sql, Tx } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import type { EnabledPlugins } from '../db/queries/plugins';
import {
  claimIdempotencyKey,
  findCustomerBooking,
  insertBooking,
  insertWorkOrder,
  listCustomerBookings,
  lockCalendars,
  moveBooking,
  recordStatus,
  storeIdempotentResponse,
  type CustomerBookingRow,
} from '../db/queries/bookings';
import type { CustomerIdentity } from '../db/queries/contacts';
import { getSurveySettings } from '../db/queries/feedback';
import {
  findVisitPlace,
  getSchedulingSettings,
  loadTimeOff,
  loadVisits,
  type SchedulingSettingsRow,
  type VisitPlace,
} from '../db/queries/schedule';
import { selectServiceTypes, type ServiceTypeRow } from '../db/queries/scheduling-config';
import { loadSlotInputs } from '../db/queries/slot-inputs';
import type { AppDeps } from '../deps';
import { applyStatusChange } from './booking-status';
import type { Calendar } from './schedule-cache';
import { notFound } from './not-found';
import { applyAvailability, loadAvailability, type Availability, type RuledData } from './plugin-availability';
import { runBeforeHooks } from './plugin-hooks';
import { answersFromQuery, checkAnswers, durationFromAnswers, durationOf } from './plugin-service-types';
import { enabledPlugins, loadTravel } from './plugin-travel';

const DAY = 86_400_000;

/**
 * Who acts on a visit: the business, the customer's contact and account, and the user recorded as
 * making the change (null: through a manage link of a contact without a portal user). `recheck`
 * runs first in every change's transaction (a manage link is checked again, locked, there).
 */
export interface VisitContext {
  business: BusinessRow;
  customer: CustomerIdentity;
  userId: string | null;
  recheck?: (tx: Tx) => Promise<void>;
  /**
   * Staff acting for the customer (the admin console): plugins' hooks see a staff actor, a booking
   * is `source: 'staff'` (which sends the customer no messages) and keeps its comments whatever the
   * business's setting, and a move is not held to the customers' cut-off (only to `scheduled`).
   */
  staff?: boolean;
  /** The customer's language (their request's Accept-Language), for plugins' veto reasons; `en` when unset. */
  locale?: string;
}

/** A signed-in customer: the business, and the customer's contact, account and user. */
export interface CustomerContext extends VisitContext {
  userId: string;
}

interface Request {
  serviceType: ServiceTypeRow;
  place: VisitPlace;
  settings: SchedulingSettingsRow;
  /** The visit's length: the service type's, or its plugin's from the intake answers. */
  durationMinutes: number;
}

/** `plugins`: the availability rules and travel times of the plugins a business enabled apply to every search. */
type Deps = Pick<AppDeps, 'sql' | 'scheduleCache' | 'plugins'>;
/** Changes also publish their domain events, in their own transaction, and run plugins' before-hooks in it. */
type WriteDeps = Deps & Pick<AppDeps, 'events'>;

/** Staff's choice of technician: only that one is searched (still with every rule of the engine). */
interface Only {
  technicianId?: string;
}

async function prepare(sql: Sql | Tx, ctx: VisitContext, serviceTypeId: string, assetId: string | null | undefined): Promise<Request> {
  const [settings, [serviceType], place] = await Promise.all([
    getSchedulingSettings(sql, ctx.business.id),
    selectServiceTypes(sql, ctx.business.id, { id: serviceTypeId, bookable: true }),
    findVisitPlace(sql, ctx.business.id, ctx.customer.accountId, assetId ?? null),
  ]);
  return checked({ settings, serviceType, place }, assetId);
}

/**
 * Slots for a type whose duration depends on the answers need them (checked, under
 * `['query', 'intake']`); for other types the answers do not change the times and are ignored.
 * Moving a visit (`bookingId`): it must be the customer's (else `not_found`), and its stored
 * answers stand in for `intake`, as the reschedule itself uses them.
 */
async function withQueryAnswers(deps: Deps, ctx: VisitContext, r: Request, q: { intake?: string; bookingId?: string }): Promise<Request> {
  const row = q.bookingId ? await findCustomerBooking(deps.sql, ctx.business.id, ctx.customer.accountId, q.bookingId) : undefined;
  if (q.bookingId && !row) throw notFound('booking');
  if (!durationFromAnswers(deps.plugins, r.serviceType)) return r;
  const answers = row ? row.intake : checkAnswers(deps.plugins, ctx.business.id, r.serviceType, answersFromQuery(q.intake), ['query', 'intake']);
  return { ...r, durationMinutes: durationOf(deps.plugins, ctx.business.id, r.serviceType, answers) };
}

function checked(r: { settings: SchedulingSettingsRow; serviceType: ServiceTypeRow | undefined; place: VisitPlace | undefined }, assetId: string | null | undefined): Request {
  if (assetId && !r.settings.assetSelectionEnabled) throw new AppError('asset_selection_off');
  if (!r.serviceType) throw new AppError('not_found', 'There is no such service type to book online.');
  if (!r.place) throw notFound('asset');
  return { serviceType: r.serviceType, place: r.place, settings: r.settings, durationMinutes: r.serviceType.durationMinutes };
}

/** Today, in the business's zone, and the last day open for booking. */
function horizon(business: BusinessRow, settings: SchedulingSettings, now: number) {
  const today = zonedDate(now, business.timeZone);
  return { today, lastDay: addDays(today, settings.maxLeadDays) };
}

function slotQuery(ctx: VisitContext, r: Request, from: string, to: string, now: number): SlotQuery {
  return {
    durationMinutes: r.durationMinutes,
    requiredSkills: r.serviceType.requiredSkillIds,
    location: { lat: r.place.lat, lon: r.place.lon },
    territoryId: r.place.territoryId,
    from,
    to,
    timeZone: ctx.business.timeZone,
    slotIntervalMinutes: r.settings.slotIntervalMinutes,
    earliest: now + r.settings.minLeadMinutes * 60_000,
    latest: now + r.settings.maxLeadDays * DAY,
    maxTravelMinutes: r.settings.maxTravelMinutes,
  };
}

/**
 * Everything the engine needs for the days searched (half a day either side: visits next to the
 * edges count). Technicians' configuration comes from the cache, current for the schedule version
 * read with the settings; visits and time off are always read fresh.
 */
/** The days searched, with half a day either side: visits next to the edges count. */
function searchRange(q: Pick<SlotQuery, 'from' | 'to' | 'timeZone'>) {
  return {
    from: new Date(zonedInstant(q.from, 0, q.timeZone) - DAY / 2),
    to: new Date(zonedInstant(addDays(q.to, 1), 0, q.timeZone) + DAY / 2),
  };
}

/**
 * Everything the engine needs for the days searched. Technicians' configuration comes from the
 * cache, current for the schedule version read with the settings; visits and time off are always
 * read fresh (or handed in, read in the same round trip as the settings).
 */
async function scheduleData(
  sql: Sql | Tx,
  deps: Deps,
  ctx: VisitContext,
  r: Request,
  q: SlotQuery,
  options: { except?: string; calendar?: Calendar; availability?: Availability; enabled?: EnabledPlugins } & Only = {},
): Promise<RuledData> {
  // A calendar (and the rules' answers, the enabled plugins) handed in were read for this range already (listSlots).
  const range = options.calendar ? undefined : searchRange(q);
  const enabled = options.calendar ? undefined : enabledPlugins(sql, deps, ctx.business.id);
  const [config, visits, timeOff, availability, found] = await Promise.all([
    deps.scheduleCache.get(sql, ctx.business.id, r.settings.scheduleVersion),
    options.calendar?.visits ?? loadVisits(sql, ctx.business.id, range!, { except: options.except }),
    options.calendar?.timeOff ?? loadTimeOff(sql, ctx.business.id, range!),
    options.calendar ? options.availability : loadAvailability(sql, deps, ctx.business.id, range!, enabled),
    options.calendar ? options.enabled : enabled,
  ]);
  const technicians = config.technicians
    .filter((t) => !options.technicianId || t.id === options.technicianId)
    .map((t) => ({ ...t, timeOff: timeOff.get(t.id) ?? [] }));
  // A travel plugin's answers are fetched now, for the places this search can involve.
  const travel = await loadTravel(deps, found, ctx.business.id, q, { technicians, visits, territories: config.territories }, { roadFactor: r.settings.travelRoadFactor, speedKmh: r.settings.travelSpeedKmh });
  const data: ScheduleData = { technicians, visits, territories: config.territories, travel };
  return applyAvailability(data, availability, { id: r.serviceType.id, key: r.serviceType.key });
}

const slotView = (s: Slot) => ({ arrivalAt: new Date(s.arrivalAt).toISOString(), endsAt: new Date(s.endsAt).toISOString() });

export async function listSlots(deps: Deps, ctx: VisitContext, input: { serviceTypeId: string; assetId?: string; date: string; intake?: string; bookingId?: string }, now = Date.now()): Promise<Slots> {
  const slots = await daySlots(deps, ctx, input, now);
  return { date: input.date, timeZone: ctx.business.timeZone, slots: slots.map(slotView) };
}

/** The engine's free times on one day, each with the technician it would send (staff see who). */
export async function daySlots(deps: Deps, ctx: VisitContext, input: { serviceTypeId: string; assetId?: string; date: string; intake?: string; bookingId?: string } & Only, now = Date.now()): Promise<Slot[]> {
  // The hot path: settings, service type, place and the calendar version in one round trip, with
  // the day's visits and time off only when this server does not hold them as of that version.
  const range = searchRange({ from: input.date, to: input.date, timeZone: ctx.business.timeZone });
  // Moving a visit: the calendar without it (as the move's own check reads it), read fresh and not
  // kept, so the cached calendar other requests share always holds every visit.
  const except = input.bookingId;
  const held = except ? undefined : deps.scheduleCache.calendars.held(ctx.business.id, range);
  // Availability rules and the enabled plugins (only when a plugin needing them is installed) alongside, not after.
  const enabled = enabledPlugins(deps.sql, deps, ctx.business.id);
  const [inputs, availability, found] = await Promise.all([
    loadSlotInputs(deps.sql, {
      businessId: ctx.business.id,
      serviceTypeId: input.serviceTypeId,
      accountId: ctx.customer.accountId,
      assetId: input.assetId ?? null,
      range,
      knownCalendarVersion: held?.version,
      except,
    }),
    loadAvailability(deps.sql, deps, ctx.business.id, range, enabled),
    enabled,
  ]);
  const calendar = except ? inputs.calendar! : deps.scheduleCache.calendars.resolve(ctx.business.id, range, inputs.calendarVersion, inputs.calendar, held);
  const r = await withQueryAnswers(deps, ctx, checked(inputs, input.assetId), input);
  const { today, lastDay } = horizon(ctx.business, r.settings, now);
  if (input.date < today || input.date > lastDay) throw new AppError('outside_horizon', undefined, { details: { from: today, to: lastDay } });
  const q = slotQuery(ctx, r, input.date, input.date, now);
  const data = await scheduleData(deps.sql, deps, ctx, r, q, { calendar, availability, enabled: found, technicianId: input.technicianId });
  const slots = findSlots(q, data);
  data.checkRules();
  return slots;
}

/** The days in [from, to] (clipped to the booking horizon) that have at least one free time. */
export async function listSlotDays(deps: Deps, ctx: VisitContext, input: { serviceTypeId: string; assetId?: string; from: string; to: string; intake?: string; bookingId?: string }, now = Date.now()): Promise<SlotDays> {
  const r = await withQueryAnswers(deps, ctx, await prepare(deps.sql, ctx, input.serviceTypeId, input.assetId), input);
  const { today, lastDay } = horizon(ctx.business, r.settings, now);
  const from = input.from < today ? today : input.from;
  const to = input.to > lastDay ? lastDay : input.to;
  if (from > to) return { timeZone: ctx.business.timeZone, days: [] };
  const q = slotQuery(ctx, r, from, to, now);
  const counts = new Map<string, number>();
  // Moving a visit: searched without it, as the move's own check does.
  const data = await scheduleData(deps.sql, deps, ctx, r, q, { except: input.bookingId });
  const slots = findSlots(q, data);
  data.checkRules();
  for (const slot of slots) {
    const date = zonedDate(slot.arrivalAt, q.timeZone);
    counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  return { timeZone: ctx.business.timeZone, days: [...counts].map(([date, slots]) => ({ date, slots })) };
}

/** Nobody can make the time asked for: what is needed to suggest others, once the transaction is over. */
class SlotTaken extends Error {
  constructor(
    readonly query: SlotQuery,
    readonly data: RuledData,
    readonly arrivalAt: number,
  ) {
    super('slot taken');
  }
}

/**
 * Take the best technician who can still make `arrivalAt`: find the candidates, lock their
 * calendars, look again with the lock held (someone may have just booked), and keep the first
 * still free. Nobody found: throws `SlotTaken`; `withAlternatives` turns it into `slot_taken`
 * after the transaction has ended, so the calendar locks are not held while alternatives are
 * searched (every other racer for the technician waits on them).
 */
async function claimSlot(tx: Tx, deps: Deps, ctx: VisitContext, r: Request, arrivalAt: number, now: number, except?: string, only: Only = {}): Promise<Slot> {
  const date = zonedDate(arrivalAt, ctx.business.timeZone);
  const q = slotQuery(ctx, r, date, date, now);
  const data = await scheduleData(tx, deps, ctx, r, q, { except, technicianId: only.technicianId });
  // Rules' accept runs in both searches, so the booking agrees with what was offered.
  const candidates = candidatesAt(q, data, arrivalAt);
  data.checkRules();
  if (candidates.length) {
    const ids = candidates.map((c) => c.resourceId);
    await lockCalendars(tx, ids);
    // Only the locked technicians, with their calendars as they are now.
    const fresh = {
      ...data,
      technicians: data.technicians.filter((t) => ids.includes(t.id)),
      visits: await loadVisits(tx, ctx.business.id, { from: new Date(arrivalAt - 2 * DAY), to: new Date(arrivalAt + 2 * DAY) }, { resourceIds: ids, except }),
    };
    const [chosen] = candidatesAt(q, fresh, arrivalAt);
    data.checkRules();
    if (chosen) return chosen;
    data.visits = [...data.visits.filter((v) => !ids.includes(v.resourceId)), ...fresh.visits];
  }
  throw new SlotTaken(q, data, arrivalAt);
}

/** Run a booking transaction; a `SlotTaken` becomes `slot_taken` with the nearest free times that day. */
async function withAlternatives<T>(transaction: Promise<T>): Promise<T> {
  try {
    return await transaction;
  } catch (err) {
    if (!(err instanceof SlotTaken)) throw err;
    const offered = findSlots(err.query, err.data);
    err.data.checkRules();
    const alternatives = offered
      .sort((a, b) => Math.abs(a.arrivalAt - err.arrivalAt) - Math.abs(b.arrivalAt - err.arrivalAt))
      .slice(0, 6)
      .sort((a, b) => a.arrivalAt - b.arrivalAt)
      .map(slotView);
    throw new AppError('slot_taken', undefined, { details: { alternatives } });
  }
}

function assertInHorizon(ctx: VisitContext, r: Request, arrivalAt: number, now: number) {
  const { today, lastDay } = horizon(ctx.business, r.settings, now);
  const date = zonedDate(arrivalAt, ctx.business.timeZone);
  if (date < today || date > lastDay || arrivalAt < now) throw new AppError('outside_horizon', undefined, { details: { from: today, to: lastDay } });
}

/**
 * Book a visit: the work order (the customer as Reported By, the address of the asset or account,
 * the comment) and the booking starting `travel` minutes before the chosen arrival, in one
 * transaction. The same `idempotencyKey` always gets the first answer.
 */
export async function book(deps: WriteDeps, ctx: CustomerContext, input: BookBody, idempotencyKey: string, now = Date.now()): Promise<{ booking: CustomerBooking; replayed: boolean }> {
  const claim = { businessId: ctx.business.id, userId: ctx.userId, key: idempotencyKey };
  // Staff-made visits are the seeds' "created by staff": they send the customer no messages.
  const source = ctx.staff ? 'staff' : 'portal';
  const requestHash = createHash('sha256')
    .update(JSON.stringify([input.serviceTypeId, input.assetId ?? null, Date.parse(input.arrivalAt), input.comments ?? null, input.intake ?? {}]))
    .digest('hex');
  return withAlternatives(deps.sql.begin(async (tx) => {
    const earlier = await claimIdempotencyKey(tx, { ...claim, requestHash });
    if (earlier) {
      if (earlier.requestHash !== requestHash) throw new AppError('idempotency_key_reused');
      return { booking: earlier.response as CustomerBooking, replayed: true };
    }
    const prepared = await prepare(tx, ctx, input.serviceTypeId, input.assetId);
    // Checked again here whatever the slots query was sent: the booking is what counts.
    const intake = checkAnswers(deps.plugins, ctx.business.id, prepared.serviceType, input.intake, ['json', 'intake']);
    const r = { ...prepared, durationMinutes: durationOf(deps.plugins, ctx.business.id, prepared.serviceType, intake) };
    const arrivalAt = Date.parse(input.arrivalAt);
    assertInHorizon(ctx, r, arrivalAt, now);
    // Before the calendar locks: a plugin's time is not spent holding every racer for the technician.
    const draft = await runBeforeHooks(tx, deps, ctx.business.id, ctx.locale, 'booking.create.before', {
      actor: { kind: ctx.staff ? 'staff' : 'customer', userId: ctx.userId },
      serviceType: { id: r.serviceType.id, key: r.serviceType.key },
      arrivalAt: new Date(arrivalAt).toISOString(),
      assetId: input.assetId ?? null,
      accountId: ctx.customer.accountId,
      contactId: ctx.customer.contactId,
      comments: r.settings.additionalDetailsEnabled || ctx.staff ? input.comments || null : null,
      intake,
    });
    const slot = await claimSlot(tx, deps, ctx, r, arrivalAt, now);
    const workOrder = await insertWorkOrder(tx, {
      businessId: ctx.business.id,
      place: r.place,
      serviceTypeId: r.serviceType.id,
      reportedByContactId: ctx.customer.contactId,
      comments: draft.comments || null,
      intake,
      source,
    });
    const bookingId = await insertBooking(
      tx,
      { businessId: ctx.business.id, workOrderId: workOrder.id, resourceId: slot.resourceId, arrivalAt: new Date(slot.arrivalAt), travelMinutes: slot.travelMinutes, endsAt: new Date(slot.endsAt) },
      ctx.userId,
    );
    await deps.events.publish(tx, {
      name: 'booking.created',
      businessId: ctx.business.id,
      actorUserId: ctx.userId,
      payload: { bookingId, workOrderId: workOrder.id, resourceId: slot.resourceId, arrivalAt: new Date(slot.arrivalAt).toISOString(), source },
    });
    const booking = customerView((await findCustomerBooking(tx, ctx.business.id, ctx.customer.accountId, bookingId))!, r.settings, now, await getSurveySettings(tx, ctx.business.id));
    await storeIdempotentResponse(tx, claim, booking);
    return { booking, replayed: false };
  }));
}

/** Only a scheduled visit, and only until the business's cut-off before it. */
function assertChangeable(row: CustomerBookingRow, settings: SchedulingSettings, now: number, staff = false) {
  if (!customerMayChange(row.status)) throw new AppError('booking_not_changeable');
  if (!staff && now > row.arrivalAt.getTime() - settings.changeCutoffMinutes * 60_000) throw new AppError('change_window_closed');
}

async function lockedBooking(tx: Tx, ctx: VisitContext, bookingId: string): Promise<CustomerBookingRow> {
  await ctx.recheck?.(tx);
  const row = await findCustomerBooking(tx, ctx.business.id, ctx.customer.accountId, bookingId, true);
  if (!row) throw notFound('booking');
  return row;
}

/**
 * Move a scheduled visit to another free time; same rules as booking, same work order. The move is
 * a history row (scheduled → scheduled, by whom, with staff's `note`) and a `booking.rescheduled`.
 * Staff may name the technician (`technicianId`): the time must then be free for that one.
 */
export async function reschedule(deps: WriteDeps, ctx: VisitContext, bookingId: string, arrivalIso: string, now = Date.now(), only: Only & { note?: string } = {}): Promise<CustomerBooking> {
  return withAlternatives(deps.sql.begin(async (tx) => {
    const row = await lockedBooking(tx, ctx, bookingId);
    const prepared = await prepare(tx, ctx, row.serviceTypeId, row.assetId);
    // The same length as booked: from the answers stored with the work order.
    const r = { ...prepared, durationMinutes: durationOf(deps.plugins, ctx.business.id, prepared.serviceType, row.intake) };
    assertChangeable(row, r.settings, now, ctx.staff);
    const arrivalAt = Date.parse(arrivalIso);
    assertInHorizon(ctx, r, arrivalAt, now);
    await runBeforeHooks(tx, deps, ctx.business.id, ctx.locale, 'booking.reschedule.before', {
      actor: { kind: ctx.staff ? 'staff' : 'customer', userId: ctx.userId },
      bookingId,
      serviceType: { id: r.serviceType.id, key: r.serviceType.key },
      arrivalAt: new Date(arrivalAt).toISOString(),
      previousArrivalAt: row.arrivalAt.toISOString(),
    });
    // The visit's own time does not block its new time.
    const slot = await claimSlot(tx, deps, ctx, r, arrivalAt, now, bookingId, only);
    await moveBooking(tx, bookingId, { resourceId: slot.resourceId, arrivalAt: new Date(slot.arrivalAt), travelMinutes: slot.travelMinutes, endsAt: new Date(slot.endsAt) });
    await recordStatus(tx, ctx.business.id, bookingId, 'scheduled', 'scheduled', ctx.userId, only.note || null);
    await deps.events.publish(tx, {
      name: 'booking.rescheduled',
      businessId: ctx.business.id,
      actorUserId: ctx.userId,
      payload: {
        bookingId,
        resourceId: slot.resourceId,
        arrivalAt: new Date(slot.arrivalAt).toISOString(),
        previous: { resourceId: row.resourceId, arrivalAt: row.arrivalAt.toISOString() },
      },
    });
    return customerView((await findCustomerBooking(tx, ctx.business.id, ctx.customer.accountId, bookingId))!, r.settings, now, await getSurveySettings(tx, ctx.business.id));
  }));
}

export async function cancel(deps: Pick<AppDeps, 'sql' | 'events' | 'secrets' | 'plugins'>, ctx: VisitContext, bookingId: string, reason: string, now = Date.now()): Promise<CustomerBooking> {
  return deps.sql.begin(async (tx) => {
    const row = await lockedBooking(tx, ctx, bookingId);
    const settings = await getSchedulingSettings(tx, ctx.business.id);
    assertChangeable(row, settings, now);
    await applyStatusChange(tx, deps, {
      businessId: ctx.business.id,
      bookingId,
      resourceId: row.resourceId,
      from: row.status,
      to: 'canceled',
      note: reason,
      actorUserId: ctx.userId,
      actorKind: 'customer',
      arrivalAt: row.arrivalAt,
      locale: ctx.locale,
    });
    return customerView((await findCustomerBooking(tx, ctx.business.id, ctx.customer.accountId, bookingId))!, settings, now, await getSurveySettings(tx, ctx.business.id));
  });
}

export async function getBooking(sql: Sql, ctx: VisitContext, bookingId: string, now = Date.now()): Promise<CustomerBooking> {
  const row = await findCustomerBooking(sql, ctx.business.id, ctx.customer.accountId, bookingId);
  if (!row) throw notFound('booking');
  const [settings, survey] = await Promise.all([getSchedulingSettings(sql, ctx.business.id), getSurveySettings(sql, ctx.business.id)]);
  return customerView(row, settings, now, survey);
}

/**
 * The seeds' home page: the first traveling visit is Active; other traveling, scheduled and
 * in-progress visits are Upcoming (soonest first); completed and canceled are Past (latest first).
 */
export async function listAppointments(sql: Sql, ctx: CustomerContext, now = Date.now()): Promise<Appointments> {
  const [settings, survey, rows] = await Promise.all([
    getSchedulingSettings(sql, ctx.business.id),
    getSurveySettings(sql, ctx.business.id),
    listCustomerBookings(sql, ctx.business.id, ctx.customer.accountId),
  ]);
  const all = rows.map((row) => customerView(row, settings, now, survey));
  const active = all.find((b) => b.status === 'traveling') ?? null;
  return {
    timeZone: ctx.business.timeZone,
    active,
    upcoming: all.filter((b) => b !== active && !isFinal(b.status)),
    past: all.filter((b) => isFinal(b.status)).reverse(),
  };
}

/** Shown only when the business enables it, over enough ratings, and at or above its bar. */
function technicianRating(row: CustomerBookingRow, s: RatingSettings): { average: number; count: number } | null {
  if (!s.showTechnicianRating || row.technicianRatingAverage === null) return null;
  if (row.technicianRatingCount < s.technicianRatingMinCount || row.technicianRatingAverage < s.technicianRatingMinimum) return null;
  return { average: Math.round(row.technicianRatingAverage * 10) / 10, count: row.technicianRatingCount };
}

type RatingSettings = Pick<SurveySettings, 'showTechnicianRating' | 'technicianRatingMinimum' | 'technicianRatingMinCount'>;

function customerView(row: CustomerBookingRow, settings: SchedulingSettings, now: number, survey: RatingSettings): CustomerBooking {
  const changeable = customerMayChange(row.status) && now <= row.arrivalAt.getTime() - settings.changeCutoffMinutes * 60_000;
  return {
    id: row.id,
    workOrderNumber: row.workOrderNumber,
    status: row.status,
    arrivalAt: row.arrivalAt.toISOString(),
    arrivalWindowEndsAt: settings.arrivalWindowMinutes ? new Date(row.arrivalAt.getTime() + settings.arrivalWindowMinutes * 60_000).toISOString() : null,
    endsAt: row.endsAt.toISOString(),
    serviceType: { id: row.serviceTypeId, name: row.serviceTypeName, durationMinutes: row.durationMinutes },
    asset: row.assetId ? { id: row.assetId, name: row.assetName! } : null,
    address: { line1: row.addressLine1, city: row.city, postalCode: row.postalCode },
    comments: row.comments,
    technician: {
      name: settings.showTechnicianName ? row.technicianName : null,
      phone: settings.showTechnicianPhone ? row.technicianPhone : null,
      photoUrl: settings.showTechnicianPhoto ? row.technicianPhotoUrl : null,
      rating: technicianRating(row, survey),
    },
    cancelReason: row.cancelReason,
    actions: {
      modify: changeable,
      cancel: changeable,
      viewLiveMap: row.status === 'traveling' && settings.trackingEnabled,
      feedback: row.status === 'completed' && settings.surveyEnabled && !row.hasFeedback,
    },
  };
}

export function bookableServiceTypes(deps: Pick<AppDeps, 'sql' | 'plugins'>, business: BusinessRow) {
  return selectServiceTypes(deps.sql, business.id, { bookable: true }).then((types) =>
    types.map((t) => ({
      id: t.id,
      key: t.key,
      name: t.name,
      description: t.description,
      durationMinutes: t.durationMinutes,
      intakeFields: t.intakeFields.map((f) => ({ key: f.key, label: f.label, kind: f.kind, required: f.required, ...(f.options ? { options: f.options } : {}), ...(f.widget ? { widget: f.widget } : {}) })),
      durationFromAnswers: durationFromAnswers(deps.plugins, t),
    })),
  );
}
