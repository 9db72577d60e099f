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
  type LocationBatch,
  type LocationFix,
  type SchedulingSettings,
  type StatusChangeBody,
  type TechnicianVisit,
  type TechnicianVisits,
  type TechnicianVisitsQuery,
  type TrackedPosition,
  type TrackingView,
} from '@arrivo/core';
import type { Sql } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import { getSchedulingSettings } from '../db/queries/schedule';
import {
  commitWithoutFlush,
  findTechnicianVisit,
  findTrackingViewRow,
  latestFix,
  listTechnicianVisits,
  listTrail,
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

/** Minutes left by the scheduler's own travel model, from a fix to the visit's place; arriving within the radius. */
export function etaFrom(fix: { lat: number; lon: number; recordedAt: Date }, place: { lat: number; lon: number }, settings: SchedulingSettings): Eta {
  const travel = straightLineTravel({ roadFactor: settings.travelRoadFactor, speedKmh: settings.travelSpeedKmh });
  const arriving = distanceKm(fix, place) * 1000 <= settings.arrivingRadiusM;
  const minutes = arriving ? 0 : travel.minutes(fix, place, fix.recordedAt.getTime());
  return { minutes, at: new Date(fix.recordedAt.getTime() + minutes * 60_000).toISOString(), arriving };
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

function visitView(row: TechnicianVisitRow, business: BusinessRow, settings: SchedulingSettings): TechnicianVisit {
  const labels = new Map(row.intakeFields.map((f) => [f.key, f.label]));
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
    intakeAnswers: Object.entries(row.intake)
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([key, value]) => ({
        label: labels.get(key) ?? key,
        value: typeof value === 'boolean' ? (value ? 'Yes' : 'No') : Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value),
      })),
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
  deps: Pick<AppDeps, 'sql' | 'events' | 'secrets'>,
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

/** The refusal of the whole batch if any fix is from the future (beyond the clock skew) or too old, naming each. */
function checkFixTimes(fixes: LocationFix[], now: number): AppError | undefined {
  const issues: { path: (string | number)[]; message: string }[] = [];
  fixes.forEach((fix, i) => {
    const at = Date.parse(fix.recordedAt);
    if (at > now + LOCATION_MAX_CLOCK_SKEW_MS) issues.push({ path: ['json', 'fixes', i, 'recordedAt'], message: 'is in the future (check the device clock)' });
    else if (at < now - LOCATION_MAX_AGE_MS) issues.push({ path: ['json', 'fixes', i, 'recordedAt'], message: `is older than ${LOCATION_MAX_AGE_MS / 60_000} minutes` });
  });
  if (!issues.length) return undefined;
  const where = issues.map((i) => i.path.join('.')).join(', ');
  return new AppError('validation_failed', `The request is not valid: check ${where}.`, { issues });
}

/** The fixes of the batch newer than `stored` and than every fix before them in the batch. */
function newFixes(fixes: LocationFix[], stored: FixRow | undefined): FixRow[] {
  let last = stored?.recordedAt.getTime() ?? -Infinity;
  const accepted: FixRow[] = [];
  for (const fix of fixes) {
    const at = Date.parse(fix.recordedAt);
    if (at <= last) continue;
    last = at;
    accepted.push({ lat: fix.lat, lon: fix.lon, accuracyM: fix.accuracyM, headingDeg: fix.headingDeg ?? null, speedMps: fix.speedMps ?? null, recordedAt: new Date(at) });
  }
  return accepted;
}

interface Recorded {
  accepted: FixRow[];
  latest: FixRow | undefined;
  eta: Eta | null;
  arriving: boolean;
  booking: TrackedBookingRow;
}

/**
 * Store a batch of fixes for a Traveling visit of this technician (oldest first). Fixes not newer
 * than the latest stored one (a retried or reordered batch) are skipped; only the newest
 * TRACKING_TRAIL_MAX are kept. After commit the newest fix and its ETA go to the visit's and the
 * account's live topics, and the arriving notice the first time a fix is inside the radius.
 *
 * Every technician on the road sends one every few seconds, so this is one transaction of few
 * round trips: the rate-limit count, the visit's lock, the settings and the latest fix are sent
 * together (pipelined), then the fixes, the trail's trim and the arriving mark are one statement.
 * A refusal (rate limit, unknown visit, not Traveling, bad times) is returned out of the
 * transaction and thrown after it commits, so the rate-limit count is kept as it was before.
 */
export async function recordLocations(
  deps: Pick<AppDeps, 'sql' | 'live' | 'log'>,
  business: BusinessRow,
  technician: TechnicianRow,
  bookingId: string,
  batch: LocationBatch,
  now = Date.now(),
): Promise<{ accepted: number; eta: Eta | null }> {
  const outcome = await deps.sql.begin(async (tx): Promise<Recorded | { refused: AppError }> => {
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
    if (refusal) return { refused: refusal };
    if (!inputs) return { refused: notFound('visit') };
    const { booking, settings } = inputs;
    if (booking.status !== 'traveling') return { refused: new AppError('not_traveling') };
    const badTimes = checkFixTimes(batch.fixes, now);
    if (badTimes) return { refused: badTimes };
    // With tracking off, nothing of the technician's whereabouts is kept.
    if (!settings.trackingEnabled) return { accepted: [], latest: undefined, eta: null, arriving: false, booking };
    // `inputs.latest` may predate a batch committed while the lock was awaited: `storeFixes` writes
    // only if it is still the latest, else (or before answering from it alone) it is read again.
    let stored: StoredFixRow | undefined = inputs.latest;
    let fresh = false;
    for (let attempt = 0; attempt < 5; attempt++) {
      const accepted = newFixes(batch.fixes, stored);
      if (!accepted.length && !fresh) {
        stored = await latestFix(tx, bookingId);
        fresh = true;
        continue;
      }
      const latest = accepted.at(-1) ?? stored;
      const eta = latest ? etaFrom(latest, booking, settings) : null;
      if (!accepted.length) return { accepted, latest, eta, arriving: false, booking };
      const written = await storeFixes(tx, {
        businessId: business.id,
        resourceId: technician.id,
        bookingId,
        fixes: accepted,
        keep: TRACKING_TRAIL_MAX,
        expectedLatestId: stored?.id ?? null,
        markArriving: Boolean(eta?.arriving),
      });
      if (written.ok) return { accepted, latest, eta, arriving: written.arriving, booking };
      stored = await latestFix(tx, bookingId);
      fresh = true;
    }
    throw new Error(`the latest fix of visit ${bookingId} kept changing under its lock`);
  });
  if ('refused' in outcome) throw outcome.refused;
  const { eta } = outcome;
  if (outcome.accepted.length && outcome.latest && eta) {
    const topics = [`booking:${bookingId}`, `account:${outcome.booking.accountId}`] as const;
    const position = positionOf(outcome.latest);
    try {
      for (const topic of topics) await deps.live.publish(topic, { type: 'tracking.position', data: { bookingId, position, eta } });
      if (outcome.arriving) for (const topic of topics) await deps.live.publish(topic, { type: 'tracking.arriving', data: { bookingId, eta } });
    } catch (err) {
      // The fixes are stored; a viewer catches up on its next fetch. Never fail the technician's request for it.
      deps.log.warn({ err, bookingId }, 'live tracking publish failed');
    }
  }
  return { accepted: outcome.accepted.length, eta };
}

// ───── what customers see ─────

async function trackingView(sql: Sql, business: BusinessRow, row: TrackingViewRow): Promise<TrackingView> {
  const settings = await getSchedulingSettings(sql, business.id);
  const live = row.status === 'traveling' && settings.trackingEnabled;
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
    technician: {
      name: settings.showTechnicianName ? row.technicianName : null,
      phone: settings.showTechnicianPhone ? row.technicianPhone : null,
      photoUrl: settings.showTechnicianPhoto ? row.technicianPhotoUrl : null,
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

/** The visit a tracking link opens, for anyone holding it (rate limited per client address). */
export async function linkTracking(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, token: string, clientIp: string): Promise<TrackingView> {
  await enforceRateLimits(deps.sql, RATE_RULES.trackingLink(clientIp));
  const bookingId = await resolveTrackingToken(deps, business, token);
  const row = await findTrackingViewRow(deps.sql, business.id, bookingId);
  if (!row) throw new AppError('tracking_link_invalid');
  return trackingView(deps.sql, business, row);
}
