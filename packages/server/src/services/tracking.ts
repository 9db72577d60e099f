// Live tracking: the technician's visits and location fixes, the ETA, and what a customer (signed
// in, or holding a tracking link) sees of a visit. Positions are shown only while a visit is
// Traveling and only to its own account (or link).
import {
  addDays,
  AppError,
  distanceKm,
  LOCATION_MAX_AGE_MS,
  LOCATION_MAX_CLOCK_SKEW_MS,
  nextStatuses,
  straightLineTravel,
  TRACKING_TRAIL_MAX,
  zonedDate,
  zonedInstant,
  type Eta,
  type IntakeField,
  type LocationBatch,
  type LiveTravels,
  type LocationAccepted,
  type LocationFix,
  type SchedulingSettings,
  type StatusChangeBody,
  type TechnicianVisit,
  type TechnicianVisits,
  type TechnicianVisitsQuery,
  type TrackedPosition,
  type TrackingView,
} from '@arrivo/core';
import type { Sql, Tx } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import { getSchedulingSettings } from '../db/queries/schedule';
import {
  commitWithoutFlush,
  findTechnicianVisit,
  findTrackingViewRow,
  latestFix,
  listTechnicianVisits,
  listTrail,
  listTravelingVisits,
  lockFixInputs,
  storeFixes,
  type FixRow,
  type StoredFixRow,
  type TrackedBookingRow,
  type TechnicianRow,
  type TechnicianVisitRow,
  type TrackingViewRow,
} from '../db/queries/tracking';
import type { AppDeps } from '../deps';
import { changeBookingStatus } from './booking-status';
import { countRateLimits, enforceRateLimits, RATE_RULES } from './rate-limit';
import { resolveTrackingToken } from './tracking-links';
import { notFound } from './not-found';

export type { TechnicianRow } from '../db/queries/tracking';

// ───── ETA ─────

/**
 * Minutes left by the scheduler's own travel model, from a fix to the visit's place; arriving
 * within the radius. `at` counts from now (or the fix, if the device's clock is a little ahead):
 * a stale fix must never promise a time that has already passed.
 */
export function etaFrom(fix: { lat: number; lon: number; recordedAt: Date }, place: { lat: number; lon: number }, settings: SchedulingSettings, now = Date.now()): Eta {
  const travel = straightLineTravel({ roadFactor: settings.travelRoadFactor, speedKmh: settings.travelSpeedKmh });
  const arriving = distanceKm(fix, place) * 1000 <= settings.arrivingRadiusM;
  const from = Math.max(now, fix.recordedAt.getTime());
  const minutes = arriving ? 0 : travel.minutes(fix, place, from);
  return { minutes, at: new Date(from + minutes * 60_000).toISOString(), arriving };
}

const positionOf = (fix: FixRow): TrackedPosition => ({
  lat: fix.lat,
  lon: fix.lon,
  accuracyM: fix.accuracyM ?? 0,
  headingDeg: fix.headingDeg,
  recordedAt: fix.recordedAt.toISOString(),
});

// ───── the technician's visits ─────

function windowEnd(arrivalAt: Date, settings: SchedulingSettings): string | null {
  return settings.arrivalWindowMinutes ? new Date(arrivalAt.getTime() + settings.arrivalWindowMinutes * 60_000).toISOString() : null;
}

/** A work order's intake answers as label and text, for people reading them (technicians, staff). */
export function intakeAnswersOf(fields: IntakeField[], intake: Record<string, unknown>): { label: string; value: string }[] {
  const labels = new Map(fields.map((f) => [f.key, f.label]));
  // In the order the questions were asked (jsonb does not keep the order answers were sent in).
  const order = (key: string) => (labels.has(key) ? fields.findIndex((f) => f.key === key) : fields.length);
  return Object.entries(intake)
    .sort(([a], [b]) => order(a) - order(b))
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => ({
      label: labels.get(key) ?? key,
      value: typeof value === 'boolean' ? (value ? 'Yes' : 'No') : Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value),
    }));
}

function visitView(row: TechnicianVisitRow, business: BusinessRow, settings: SchedulingSettings): TechnicianVisit {
  const contactName = row.contactFirstName ? `${row.contactFirstName} ${row.contactLastName ?? ''}`.trim() : null;
  const at = `${row.lat},${row.lon}`;
  return {
    id: row.id,
    workOrderNumber: row.workOrderNumber,
    status: row.status,
    next: nextStatuses(row.status),
    arrivalAt: row.arrivalAt.toISOString(),
    arrivalWindowEndsAt: windowEnd(row.arrivalAt, settings),
    endsAt: row.endsAt.toISOString(),
    timeZone: business.timeZone,
    serviceType: { id: row.serviceTypeId, name: row.serviceTypeName, durationMinutes: row.durationMinutes },
    asset: row.assetId ? { id: row.assetId, name: row.assetName! } : null,
    customer: { accountName: row.accountName, contactName, phone: row.contactPhone },
    address: { line1: row.addressLine1, city: row.city, postalCode: row.postalCode, lat: row.lat, lon: row.lon },
    directions: { geo: `geo:${at}?q=${at}`, web: `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(at)}` },
    comments: row.comments,
    intakeAnswers: intakeAnswersOf(row.intakeFields, row.intake),
    sharingLocation: row.status === 'traveling' && settings.trackingEnabled,
  };
}

/** The technician's own visits on `days` days from `from` (today in the business's zone), by arrival. */
export async function technicianVisits(
  deps: Pick<AppDeps, 'sql'>,
  business: BusinessRow,
  technician: TechnicianRow,
  query: TechnicianVisitsQuery,
  now = Date.now(),
): Promise<TechnicianVisits> {
  const today = zonedDate(now, business.timeZone);
  const from = query.from ?? today;
  const startOf = (date: string) => new Date(zonedInstant(date, 0, business.timeZone));
  const [settings, rows] = await Promise.all([
    getSchedulingSettings(deps.sql, business.id),
    listTechnicianVisits(deps.sql, business.id, technician.id, { from: startOf(from), to: startOf(addDays(from, query.days ?? 7)), keepCanceledFrom: startOf(today) }),
  ]);
  return { technician: { id: technician.id, name: technician.name }, visits: rows.map((r) => visitView(r, business, settings)) };
}

async function ownVisit(sql: Sql, business: BusinessRow, technician: TechnicianRow, bookingId: string): Promise<TechnicianVisit> {
  const [settings, row] = await Promise.all([getSchedulingSettings(sql, business.id), findTechnicianVisit(sql, business.id, technician.id, bookingId)]);
  // Another technician's visit is as unknown as another business's.
  if (!row) throw notFound('visit');
  return visitView(row, business, settings);
}

export function technicianVisit(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, technician: TechnicianRow, bookingId: string): Promise<TechnicianVisit> {
  return ownVisit(deps.sql, business, technician, bookingId);
}

/** Move one of the technician's own visits along, through the status machine; answers the visit as it now is. */
export async function changeTechnicianVisitStatus(
  deps: Pick<AppDeps, 'sql' | 'events' | 'secrets' | 'plugins'>,
  business: BusinessRow,
  technician: TechnicianRow,
  userId: string,
  bookingId: string,
  change: StatusChangeBody,
): Promise<TechnicianVisit> {
  // The visit must be assigned to this technician record (the status service checks the account link too).
  await ownVisit(deps.sql, business, technician, bookingId);
  await changeBookingStatus(deps, business, bookingId, change, { role: 'technician', userId });
  return ownVisit(deps.sql, business, technician, bookingId);
}

// ───── location fixes ─────

/**
 * A heading as the `real` column keeps it: to 0.1°, and 360 (what 359.99… rounds to) is north, 0.
 * Without this the column rounds 359.99999 up to 360 and its CHECK refuses the whole batch.
 */
export function normalizeHeading(deg: number | null | undefined): number | null {
  if (deg === null || deg === undefined) return null;
  const tenths = Math.round(deg * 10) % 3600;
  return tenths / 10;
}

export interface ScreenedFixes {
  /** The fixes to store, oldest first (a batch sent out of order is sorted, not skipped). */
  fixes: FixRow[];
  refused: LocationAccepted['refused'];
}

/** The fixes (sorted, oldest first) newer than `stored` and than every fix before them. */
function newerThan(fixes: FixRow[], stored: FixRow | undefined): FixRow[] {
  let last = stored?.recordedAt.getTime() ?? -Infinity;
  return fixes.filter((fix) => {
    const at = fix.recordedAt.getTime();
    if (at <= last) return false;
    last = at;
    return true;
  });
}

interface Recorded {
  accepted: FixRow[];
  latest: FixRow | undefined;
  eta: Eta | null;
  arriving: boolean;
  booking: TrackedBookingRow;
  refused: LocationAccepted['refused'];
}

/**
 * Sort a batch by when each fix was taken and set aside the ones the server will never take: from
 * the future (beyond the clock skew: the device's clock is off), older than the age limit, or
 * taken before the visit set off (`since`: the technician was still at the previous place).
 */
export function screenFixes(fixes: LocationFix[], now: number, since: Date | null): ScreenedFixes {
  const refused: ScreenedFixes['refused'] = [];
  const kept: { at: number; index: number; fix: LocationFix }[] = [];
  fixes.forEach((fix, index) => {
    const at = Date.parse(fix.recordedAt);
    if (at > now + LOCATION_MAX_CLOCK_SKEW_MS) refused.push({ index, reason: 'future' });
    else if (at < now - LOCATION_MAX_AGE_MS) refused.push({ index, reason: 'too_old' });
    // The skew again: a device clock a little behind must not lose the first fixes on the way.
    else if (since && at < since.getTime() - LOCATION_MAX_CLOCK_SKEW_MS) refused.push({ index, reason: 'before_traveling' });
    else kept.push({ at, index, fix });
  });
  kept.sort((a, b) => a.at - b.at || a.index - b.index);
  return {
    refused,
    fixes: kept.map(({ at, fix }) => ({
      lat: fix.lat,
      lon: fix.lon,
      accuracyM: fix.accuracyM,
      headingDeg: normalizeHeading(fix.headingDeg),
      speedMps: fix.speedMps ?? null,
      recordedAt: new Date(at),
    })),
  };
}

/**
 * The technician just came within the arriving radius for the first time: publish
 * `booking.arriving` in the same transaction (for the arrival notice).
 */
export async function announceArriving(
  tx: Tx,
  deps: Pick<AppDeps, 'events'>,
  visit: { businessId: string; bookingId: string; resourceId: string },
  fix: FixRow,
): Promise<void> {
  await deps.events.publish(tx, {
    businessId: visit.businessId,
    actorUserId: null,
    name: 'booking.arriving',
    payload: { bookingId: visit.bookingId, resourceId: visit.resourceId, at: fix.recordedAt.toISOString(), lat: fix.lat, lon: fix.lon },
  });
}

/**
 * Store a batch of fixes for a Traveling visit of this technician, sorted by when they were taken.
 * Fixes the server will never take (screenFixes) are answered in `refused` and the rest stored;
 * fixes not newer than the latest stored one (a retried batch) are skipped; only the newest
 * TRACKING_TRAIL_MAX are kept. After commit the newest fix and its ETA go to the visit's and the
 * account's live topics, and the arriving notice the first time a fix is inside the radius (with
 * `booking.arriving` published in the transaction).
 *
 * Every technician on the road sends one every few seconds, so this is one transaction of few
 * round trips: the rate-limit count, the visit's lock, the settings and the latest fix are sent
 * together (pipelined), then the fixes, the trail's trim and the arriving mark are one statement.
 * A refusal (rate limit, unknown visit, not Traveling) is returned out of the transaction and
 * thrown after it commits, so the rate-limit count is kept as it was before.
 */
export async function recordLocations(
  deps: Pick<AppDeps, 'sql' | 'live' | 'log' | 'events'>,
  business: BusinessRow,
  technician: TechnicianRow,
  bookingId: string,
  batch: LocationBatch,
  now = Date.now(),
): Promise<LocationAccepted> {
  const outcome = await deps.sql.begin(async (tx): Promise<Recorded | { refusal: AppError }> => {
    // The commit does not wait for the WAL to reach the disk: a crash may lose the last fraction of
    // a second of fixes and rate-limit counts, which is harmless (the next fix comes within seconds;
    // the arriving mark, if lost, is set, and announced, again by the next fix inside the radius),
    // and other sessions see the commit at once either way. Waiting for the flush, at hundreds of
    // fixes a second, made every fix queue behind the disk.
    const [, refusal, inputs] = await Promise.all([
      commitWithoutFlush(tx),
      countRateLimits(tx, RATE_RULES.locations(technician.id)),
      lockFixInputs(tx, business.id, technician.id, bookingId),
    ]);
    if (refusal) return { refusal };
    if (!inputs) return { refusal: notFound('visit') };
    const { booking, settings } = inputs;
    if (booking.status !== 'traveling') return { refusal: new AppError('not_traveling') };
    const screened = screenFixes(batch.fixes, now, inputs.travelingSince);
    const refused = screened.refused;
    // With tracking off, nothing of the technician's whereabouts is kept.
    if (!settings.trackingEnabled) return { accepted: [], latest: undefined, eta: null, arriving: false, booking, refused };
    // `inputs.latest` may predate a batch committed while the lock was awaited: `storeFixes` writes
    // only if it is still the latest, else (or before answering from it alone) it is read again.
    let stored: StoredFixRow | undefined = inputs.latest;
    let fresh = false;
    for (let attempt = 0; attempt < 5; attempt++) {
      const accepted = newerThan(screened.fixes, stored);
      if (!accepted.length && !fresh) {
        stored = await latestFix(tx, bookingId);
        fresh = true;
        continue;
      }
      const latest = accepted.at(-1) ?? stored;
      const eta = latest ? etaFrom(latest, booking, settings, now) : null;
      if (!accepted.length) return { accepted, latest, eta, arriving: false, booking, refused };
      const written = await storeFixes(tx, {
        businessId: business.id,
        resourceId: technician.id,
        bookingId,
        fixes: accepted,
        keep: TRACKING_TRAIL_MAX,
        expectedLatestId: stored?.id ?? null,
        markArriving: Boolean(eta?.arriving),
      });
      if (written.ok) {
        if (written.arriving) await announceArriving(tx, deps, { businessId: business.id, bookingId, resourceId: booking.resourceId }, latest!);
        return { accepted, latest, eta, arriving: written.arriving, booking, refused };
      }
      stored = await latestFix(tx, bookingId);
      fresh = true;
    }
    throw new Error(`the latest fix of visit ${bookingId} kept changing under its lock`);
  });
  if ('refusal' in outcome) throw outcome.refusal;
  const { eta } = outcome;
  if (outcome.accepted.length && outcome.latest && eta) {
    // The visit's viewers, and the business's staff (their live map of traveling technicians).
    const topics = [`booking:${bookingId}`, `account:${outcome.booking.accountId}`, `business:${business.id}`] as const;
    const position = positionOf(outcome.latest);
    try {
      for (const topic of topics) await deps.live.publish(topic, { type: 'tracking.position', data: { bookingId, position, eta } });
      if (outcome.arriving) for (const topic of topics) await deps.live.publish(topic, { type: 'tracking.arriving', data: { bookingId, eta } });
    } catch (err) {
      // The fixes are stored; a viewer catches up on its next fetch. Never fail the technician's request for it.
      deps.log.warn({ err, bookingId }, 'live tracking publish failed');
    }
  }
  return { accepted: outcome.accepted.length, eta, refused: outcome.refused };
}

// ───── what customers see ─────

async function trackingView(sql: Sql, business: BusinessRow, row: TrackingViewRow): Promise<TrackingView> {
  const settings = await getSchedulingSettings(sql, business.id);
  const live = row.status === 'traveling' && settings.trackingEnabled;
  const departed = row.status !== 'scheduled';
  const trail = live ? await listTrail(sql, row.id, TRACKING_TRAIL_MAX) : [];
  const latest = trail.at(-1);
  return {
    bookingId: row.id,
    status: row.status,
    arrivalAt: row.arrivalAt.toISOString(),
    arrivalWindowEndsAt: windowEnd(row.arrivalAt, settings),
    timeZone: business.timeZone,
    destination: { lat: row.lat, lon: row.lon, label: row.addressLine1 },
    position: latest ? positionOf(latest) : null,
    trail: latest ? trail.map(({ lat, lon }) => ({ lat, lon })) : [],
    eta: latest ? etaFrom(latest, row, settings) : null,
    // Who is coming is shown once they set off, never before.
    technician: {
      name: departed && settings.showTechnicianName ? row.technicianName : null,
      phone: departed && settings.showTechnicianPhone ? row.technicianPhone : null,
      photoUrl: departed && settings.showTechnicianPhoto ? row.technicianPhotoUrl : null,
    },
    business: { name: business.name, phone: business.phone },
  };
}

/** A signed-in customer's own visit; another account's is unknown (404). */
export async function customerTracking(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, accountId: string, bookingId: string): Promise<TrackingView> {
  const row = await findTrackingViewRow(deps.sql, business.id, bookingId, accountId);
  if (!row) throw notFound('booking');
  return trackingView(deps.sql, business, row);
}

/** The visit a tracking link opens, for anyone holding it, once it is Traveling (rate limited per client address). */
export async function linkTracking(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, token: string, clientIp: string): Promise<TrackingView> {
  await enforceRateLimits(deps.sql, RATE_RULES.trackingLink(clientIp));
  const bookingId = await resolveTrackingToken(deps, business, token);
  const row = await findTrackingViewRow(deps.sql, business.id, bookingId);
  // A link opens only once the visit is Traveling (and for the grace period after): before the
  // technician sets off it shows nothing, not even the address.
  if (!row || row.status === 'scheduled') throw new AppError('tracking_link_invalid');
  return trackingView(deps.sql, business, row);
}

// ───── what staff see ─────

/** Staff's live map: every Traveling visit of the business, its technician's latest fix and the ETA. */
export async function liveTravels(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, now = Date.now()): Promise<LiveTravels> {
  const [settings, rows] = await Promise.all([getSchedulingSettings(deps.sql, business.id), listTravelingVisits(deps.sql, business.id)]);
  return {
    timeZone: business.timeZone,
    trackingEnabled: settings.trackingEnabled,
    visits: rows.map((row) => {
      const fix = row.fixRecordedAt && row.fixLat !== null && row.fixLon !== null ? { lat: row.fixLat, lon: row.fixLon, recordedAt: row.fixRecordedAt } : null;
      return {
        bookingId: row.id,
        workOrderNumber: row.workOrderNumber,
        technician: { id: row.resourceId, name: row.technicianName },
        accountName: row.accountName,
        destination: { lat: row.lat, lon: row.lon, label: row.addressLine1 },
        arrivalAt: row.arrivalAt.toISOString(),
        position: fix ? { ...fix, accuracyM: row.fixAccuracyM ?? 0, headingDeg: row.fixHeadingDeg, recordedAt: fix.recordedAt.toISOString() } : null,
        eta: fix ? etaFrom(fix, row, settings, now) : null,
      };
    }),
  };
}
