// Live tracking: technicians' visits, location fixes, the arriving notice and tracking links.
import type { BookingStatus, IntakeField } from '@arrivo/core';
import type { Sql, Tx } from '../client';
import { schedulingSettingsQuery, type SchedulingSettingsRow } from './schedule';

// ───── technicians and their visits ─────

export interface TechnicianRow {
  id: string;
  name: string;
}

/** The technician record as a query fragment (also embedded in `findSessionWithTechnician`). */
export const technicianOfUserQuery = (sql: Sql | Tx, businessId: string, userId: string | ReturnType<Sql>) => sql`
    SELECT id, name FROM resource WHERE business_id = ${businessId} AND user_id = ${userId} AND active`;

/** The active technician record this account is linked to in this business. */
export async function findTechnicianOfUser(sql: Sql | Tx, businessId: string, userId: string): Promise<TechnicianRow | undefined> {
  const [row] = await sql<TechnicianRow[]>`${technicianOfUserQuery(sql, businessId, userId)}`;
  return row;
}

export interface TechnicianVisitRow {
  id: string;
  status: BookingStatus;
  arrivalAt: Date;
  endsAt: Date;
  workOrderNumber: string;
  serviceTypeId: string;
  serviceTypeName: string;
  durationMinutes: number;
  intakeFields: IntakeField[];
  intake: Record<string, unknown>;
  assetId: string | null;
  assetName: string | null;
  accountName: string;
  contactFirstName: string | null;
  contactLastName: string | null;
  contactPhone: string | null;
  addressLine1: string;
  city: string | null;
  postalCode: string | null;
  lat: number;
  lon: number;
  comments: string | null;
}

const SELECT_TECHNICIAN_VISIT = (sql: Sql | Tx) => sql`
  SELECT b.id, b.status, b.arrival_at, b.ends_at, w.number::text AS work_order_number,
    st.id AS service_type_id, st.name AS service_type_name, st.duration_minutes, st.intake_fields, w.intake,
    a.id AS asset_id, a.name AS asset_name, acc.name AS account_name,
    c.first_name AS contact_first_name, c.last_name AS contact_last_name, c.phone AS contact_phone,
    w.address_line1, w.city, w.postal_code, w.lat, w.lon, w.comments
  FROM booking b
  JOIN work_order w ON w.id = b.work_order_id
  JOIN service_type st ON st.id = w.service_type_id
  JOIN account acc ON acc.id = w.account_id
  LEFT JOIN contact c ON c.id = w.reported_by_contact_id
  LEFT JOIN asset a ON a.id = w.asset_id`;

/**
 * A technician's visits arriving in [from, to), by arrival; canceled visits only from `keepCanceledFrom` on
 * (a canceled visit of an earlier day is of no use on the doorstep).
 */
export async function listTechnicianVisits(
  sql: Sql | Tx,
  businessId: string,
  resourceId: string,
  range: { from: Date; to: Date; keepCanceledFrom: Date },
): Promise<TechnicianVisitRow[]> {
  return sql<TechnicianVisitRow[]>`
    ${SELECT_TECHNICIAN_VISIT(sql)}
    WHERE b.business_id = ${businessId} AND b.resource_id = ${resourceId}
      AND b.arrival_at >= ${range.from} AND b.arrival_at < ${range.to}
      AND (b.status <> 'canceled' OR b.arrival_at >= ${range.keepCanceledFrom})
    ORDER BY b.arrival_at, b.id`;
}

export async function findTechnicianVisit(sql: Sql | Tx, businessId: string, resourceId: string, bookingId: string): Promise<TechnicianVisitRow | undefined> {
  const [row] = await sql<TechnicianVisitRow[]>`
    ${SELECT_TECHNICIAN_VISIT(sql)}
    WHERE b.business_id = ${businessId} AND b.resource_id = ${resourceId} AND b.id = ${bookingId}`;
  return row;
}

// ───── staff's live map ─────

export interface LiveTravelRow {
  id: string;
  workOrderNumber: string;
  arrivalAt: Date;
  resourceId: string;
  technicianName: string;
  accountName: string;
  addressLine1: string;
  lat: number;
  lon: number;
  /** The latest fix, when there is one. */
  fixLat: number | null;
  fixLon: number | null;
  fixAccuracyM: number | null;
  fixHeadingDeg: number | null;
  fixRecordedAt: Date | null;
}

/** The business's Traveling visits with each one's latest fix, by arrival, in one statement. */
export async function listTravelingVisits(sql: Sql | Tx, businessId: string): Promise<LiveTravelRow[]> {
  return sql<LiveTravelRow[]>`
    SELECT b.id, w.number::text AS work_order_number, b.arrival_at, r.id AS resource_id, r.name AS technician_name,
      acc.name AS account_name, w.address_line1, w.lat, w.lon,
      f.lat AS fix_lat, f.lon AS fix_lon, f.accuracy_m AS fix_accuracy_m, f.heading_deg AS fix_heading_deg, f.recorded_at AS fix_recorded_at
    FROM booking b
    JOIN work_order w ON w.id = b.work_order_id
    JOIN account acc ON acc.id = w.account_id
    JOIN resource r ON r.id = b.resource_id
    LEFT JOIN LATERAL (
      SELECT lat, lon, accuracy_m, heading_deg, recorded_at FROM technician_location
      WHERE booking_id = b.id ORDER BY recorded_at DESC, id DESC LIMIT 1
    ) f ON true
    WHERE b.business_id = ${businessId} AND b.status = 'traveling'
    ORDER BY b.arrival_at, b.id`;
}

// ───── fixes ─────

export interface TrackedBookingRow {
  id: string;
  status: BookingStatus;
  resourceId: string;
  accountId: string;
  lat: number;
  lon: number;
  arrivingAt: Date | null;
}

export interface FixRow {
  lat: number;
  lon: number;
  accuracyM: number | null;
  headingDeg: number | null;
  speedMps: number | null;
  recordedAt: Date;
}

/** A stored fix, with its id (a bigint, as text). */
export type StoredFixRow = FixRow & { id: string };

export interface FixInputs {
  booking: TrackedBookingRow;
  settings: SchedulingSettingsRow;
  /** The visit's latest stored fix as of this statement's snapshot (see `storeFixes`). */
  latest: StoredFixRow | undefined;
  /** When the visit last became Traveling (null for one made Traveling without a history row). */
  travelingSince: Date | null;
}

/**
 * A visit of this technician, locked until the transaction ends so its status cannot change while
 * fixes are stored, and two batches for it are stored one after the other; with the business's
 * settings and the visit's latest stored fix, in one round trip. The lock is taken on the newest
 * version of the booking, but the latest fix is read in the statement's snapshot, taken before the
 * lock was granted: a batch committed meanwhile is not in it. `storeFixes` checks that.
 */
export async function lockFixInputs(tx: Tx, businessId: string, resourceId: string, bookingId: string): Promise<FixInputs | undefined> {
  const [row] = await tx<(TrackedBookingRow & { travelingSince: Date | null; settings: SchedulingSettingsRow; fixId: string | null } & { [K in keyof FixRow as `fix${Capitalize<K>}`]: FixRow[K] | null })[]>`
    SELECT b.id, b.status, b.resource_id, w.account_id, w.lat, w.lon, b.arriving_at,
      (SELECT max(h.changed_at) FROM booking_status_history h WHERE h.booking_id = b.id AND h.to_status = 'traveling') AS traveling_since,
      (SELECT row_to_json(s) FROM (${schedulingSettingsQuery(tx, businessId)}) s) AS settings,
      f.id::text AS fix_id, f.lat AS fix_lat, f.lon AS fix_lon, f.accuracy_m AS fix_accuracy_m, f.heading_deg AS fix_heading_deg,
      f.speed_mps AS fix_speed_mps, f.recorded_at AS fix_recorded_at
    FROM booking b JOIN work_order w ON w.id = b.work_order_id
    LEFT JOIN LATERAL (${latestFixQuery(tx, tx`b.id`)}) f ON true
    WHERE b.business_id = ${businessId} AND b.resource_id = ${resourceId} AND b.id = ${bookingId}
    FOR NO KEY UPDATE OF b`;
  if (!row) return undefined;
  const { settings, travelingSince, fixId, fixLat, fixLon, fixAccuracyM, fixHeadingDeg, fixSpeedMps, fixRecordedAt, ...booking } = row;
  const latest = fixId === null ? undefined : { id: fixId, lat: fixLat!, lon: fixLon!, accuracyM: fixAccuracyM, headingDeg: fixHeadingDeg, speedMps: fixSpeedMps, recordedAt: fixRecordedAt! };
  return { booking, settings, latest, travelingSince };
}

const latestFixQuery = (sql: Sql | Tx, bookingId: string | ReturnType<Sql>) => sql`
    SELECT id, lat, lon, accuracy_m, heading_deg, speed_mps, recorded_at FROM technician_location
    WHERE booking_id = ${bookingId} ORDER BY recorded_at DESC, id DESC LIMIT 1`;

export async function latestFix(sql: Sql | Tx, bookingId: string): Promise<StoredFixRow | undefined> {
  const [row] = await sql<StoredFixRow[]>`
    SELECT id::text, lat, lon, accuracy_m, heading_deg, speed_mps, recorded_at FROM (${latestFixQuery(sql, bookingId)}) f`;
  return row;
}

/** This transaction's commit does not wait for its WAL to reach the disk (the caller says why that is acceptable). */
export async function commitWithoutFlush(tx: Tx): Promise<void> {
  await tx`SET LOCAL synchronous_commit = off`;
}

/**
 * In one statement, under the visit's lock: store `fixes` (oldest first, all newer than the stored
 * ones), keep only the newest `keep` fixes of the visit, and mark the visit as arriving when
 * `markArriving` (`arriving`: true only the first time). Nothing is written unless the latest stored
 * fix is still `expectedLatestId` (null: none) in this statement's snapshot (`ok`: false), which
 * `lockFixInputs` read in an older one. The DELETE sees the fixes stored before this statement
 * only, so it keeps the newest `keep - fixes.length` of those.
 */
export async function storeFixes(
  tx: Tx,
  w: { businessId: string; resourceId: string; bookingId: string; fixes: FixRow[]; keep: number; expectedLatestId: string | null; markArriving: boolean },
): Promise<{ ok: boolean; arriving: boolean }> {
  const fixes = w.fixes.slice(-w.keep);
  const rows = fixes.map((f, n) => ({ n, lat: f.lat, lon: f.lon, accuracy_m: f.accuracyM, heading_deg: f.headingDeg, speed_mps: f.speedMps, recorded_at: f.recordedAt.toISOString() }));
  const [row] = await tx<{ ok: boolean; arriving: boolean }[]>`
    WITH head AS (
      SELECT (SELECT id FROM technician_location WHERE booking_id = ${w.bookingId} ORDER BY recorded_at DESC, id DESC LIMIT 1)
        IS NOT DISTINCT FROM ${w.expectedLatestId}::bigint AS ok
    ), stored AS (
      INSERT INTO technician_location (business_id, resource_id, booking_id, lat, lon, accuracy_m, heading_deg, speed_mps, recorded_at)
      SELECT ${w.businessId}, ${w.resourceId}, ${w.bookingId}, f.lat, f.lon, f.accuracy_m, f.heading_deg, f.speed_mps, f.recorded_at
      FROM jsonb_to_recordset(${tx.json(rows)}::jsonb) AS f(n int, lat float8, lon float8, accuracy_m real, heading_deg real, speed_mps real, recorded_at timestamptz)
      WHERE (SELECT ok FROM head)
      ORDER BY f.n
      RETURNING id
    ), trimmed AS (
      -- The shape of a plain trim (booking_id first, a hashed NOT IN): an IN (… OFFSET) semi-join
      -- was planned as a nested loop over the whole table while its statistics still said empty.
      DELETE FROM technician_location WHERE booking_id = ${w.bookingId} AND (SELECT ok FROM head) AND id NOT IN (
        SELECT id FROM technician_location WHERE booking_id = ${w.bookingId} ORDER BY recorded_at DESC, id DESC LIMIT ${Math.max(0, w.keep - fixes.length)})
    ), arriving AS (
      UPDATE booking SET arriving_at = now()
      WHERE ${w.markArriving}::boolean AND (SELECT ok FROM head) AND id = ${w.bookingId} AND arriving_at IS NULL RETURNING id
    )
    SELECT (SELECT ok FROM head) AS ok, EXISTS (SELECT 1 FROM arriving) AS arriving`;
  return row!;
}

/** The visit's fixes, oldest first (at most `limit`, the newest ones). */
export async function listTrail(sql: Sql | Tx, bookingId: string, limit: number): Promise<FixRow[]> {
  const rows = await sql<FixRow[]>`
    SELECT lat, lon, accuracy_m, heading_deg, speed_mps, recorded_at FROM technician_location
    WHERE booking_id = ${bookingId} ORDER BY recorded_at DESC, id DESC LIMIT ${limit}`;
  return rows.reverse();
}

// ───── what a tracking view shows ─────

export interface TrackingViewRow {
  id: string;
  status: BookingStatus;
  arrivalAt: Date;
  accountId: string;
  addressLine1: string;
  lat: number;
  lon: number;
  technicianName: string;
  technicianPhone: string | null;
  technicianPhotoUrl: string | null;
}

/** A visit of this business (of this account, when given). */
export async function findTrackingViewRow(sql: Sql | Tx, businessId: string, bookingId: string, accountId?: string): Promise<TrackingViewRow | undefined> {
  const [row] = await sql<TrackingViewRow[]>`
    SELECT b.id, b.status, b.arrival_at, w.account_id, w.address_line1, w.lat, w.lon,
      r.name AS technician_name, r.phone AS technician_phone, r.photo_url AS technician_photo_url
    FROM booking b JOIN work_order w ON w.id = b.work_order_id JOIN resource r ON r.id = b.resource_id
    WHERE b.business_id = ${businessId} AND b.id = ${bookingId}
      ${accountId ? sql`AND w.account_id = ${accountId}` : sql``}`;
  return row;
}

// ───── tracking links ─────

export interface TrackingLinkRow {
  businessId: string;
  bookingId: string;
  expiresAt: Date | null;
  blockedAt: Date | null;
  extraMinutes: number;
}

const LINK_COLUMNS = (sql: Sql | Tx) => sql`business_id, booking_id, expires_at, blocked_at, extra_minutes`;

/**
 * Staff made a new link: the visit's link starts afresh (following the visit, not blocked, nothing
 * extra) and this token replaces every earlier one (they stop working).
 */
export async function replaceTrackingLink(
  tx: Tx,
  link: { businessId: string; bookingId: string; tokenHash: string; userId: string | null; expiresInMinutes: number | null },
): Promise<TrackingLinkRow> {
  const expires = link.expiresInMinutes === null ? null : tx`now() + make_interval(mins => ${link.expiresInMinutes})`;
  const [row] = await tx<TrackingLinkRow[]>`
    INSERT INTO tracking_link (business_id, booking_id, created_by_user_id, expires_at)
    VALUES (${link.businessId}, ${link.bookingId}, ${link.userId}, ${expires})
    ON CONFLICT (business_id, booking_id) DO UPDATE SET
      created_by_user_id = EXCLUDED.created_by_user_id, created_at = now(),
      expires_at = EXCLUDED.expires_at, blocked_at = NULL, extra_minutes = 0
    RETURNING ${LINK_COLUMNS(tx)}`;
  await tx`DELETE FROM tracking_link_token WHERE business_id = ${link.businessId} AND booking_id = ${link.bookingId}`;
  await addTrackingToken(tx, link.businessId, link.bookingId, link.tokenHash);
  return row!;
}

/** One more token for the visit's link: it shares the link's expiry and block with the others. */
export async function addTrackingToken(tx: Tx, businessId: string, bookingId: string, tokenHash: string): Promise<void> {
  await tx`INSERT INTO tracking_link_token (token_hash, business_id, booking_id) VALUES (${tokenHash}, ${businessId}, ${bookingId})`;
}

/** The visit now follows its status again (it set off): no expiry until it leaves Traveling. */
export async function followTrackingLink(tx: Tx, businessId: string, bookingId: string): Promise<void> {
  await tx`UPDATE tracking_link SET expires_at = NULL WHERE business_id = ${businessId} AND booking_id = ${bookingId}`;
}

export async function findTrackingLink(sql: Sql | Tx, businessId: string, bookingId: string, forUpdate = false): Promise<TrackingLinkRow | undefined> {
  const [row] = await sql<TrackingLinkRow[]>`
    SELECT ${LINK_COLUMNS(sql)} FROM tracking_link WHERE business_id = ${businessId} AND booking_id = ${bookingId}
    ${forUpdate ? sql`FOR UPDATE` : sql``}`;
  return row;
}

/**
 * The link one of whose tokens has this hash, if it is of this business, not blocked, not expired,
 * and its visit has set off (a link opens only from Traveling on, for the grace period after).
 */
/**
 * Tokens of the links open now, joined to their link: not blocked, not expired, and the visit has
 * set off (a link never opens while it is Scheduled). The one rule every lookup uses.
 */
const OPEN_LINK_TOKENS = (sql: Sql | Tx) => sql`
  tracking_link_token t
  JOIN tracking_link l ON l.business_id = t.business_id AND l.booking_id = t.booking_id
  JOIN booking b ON b.business_id = l.business_id AND b.id = l.booking_id
  WHERE b.status <> 'scheduled' AND l.blocked_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > now())`;

export async function findValidTrackingLink(sql: Sql | Tx, businessId: string, tokenHash: string): Promise<TrackingLinkRow | undefined> {
  const [row] = await sql<TrackingLinkRow[]>`
    SELECT l.business_id, l.booking_id, l.expires_at, l.blocked_at, l.extra_minutes
    FROM ${OPEN_LINK_TOKENS(sql)} AND t.token_hash = ${tokenHash} AND t.business_id = ${businessId}`;
  return row;
}

/** Which of these token hashes open a link now, for every open link stream in one query. */
export async function findValidTrackingLinksByHash(sql: Sql | Tx, tokenHashes: string[]): Promise<(TrackingLinkRow & { tokenHash: string })[]> {
  if (!tokenHashes.length) return [];
  return sql<(TrackingLinkRow & { tokenHash: string })[]>`
    SELECT t.token_hash, l.business_id, l.booking_id, l.expires_at, l.blocked_at, l.extra_minutes
    FROM ${OPEN_LINK_TOKENS(sql)} AND t.token_hash = ANY(${tokenHashes}::text[])`;
}

/** The visit left Traveling (or ended): a link that followed it now runs for the grace period (plus what staff added). */
export async function startTrackingLinkGrace(tx: Tx, businessId: string, bookingId: string, graceMinutes: number): Promise<void> {
  await tx`
    UPDATE tracking_link SET expires_at = now() + make_interval(mins => ${graceMinutes} + extra_minutes)
    WHERE business_id = ${businessId} AND booking_id = ${bookingId} AND expires_at IS NULL`;
}

export async function updateTrackingLink(
  tx: Tx,
  businessId: string,
  bookingId: string,
  change: { kind: 'extend'; minutes: number } | { kind: 'expire' } | { kind: 'block' },
): Promise<TrackingLinkRow | undefined> {
  const set =
    change.kind === 'block'
      ? tx`blocked_at = coalesce(blocked_at, now())`
      : change.kind === 'expire'
        ? tx`expires_at = now(), extra_minutes = 0`
        : tx`
            extra_minutes = CASE WHEN expires_at IS NULL THEN extra_minutes + ${change.minutes} ELSE 0 END,
            expires_at = CASE WHEN expires_at IS NULL THEN NULL ELSE greatest(expires_at, now()) + make_interval(mins => ${change.minutes}) END`;
  const [row] = await tx<TrackingLinkRow[]>`
    UPDATE tracking_link SET ${set} WHERE business_id = ${businessId} AND booking_id = ${bookingId}
    RETURNING ${LINK_COLUMNS(tx)}`;
  return row;
}
