// The admin console's reads: the bookings board (two queries for a whole day, whatever the number
// of technicians), one visit for staff, and paged searches of accounts and contacts.
import type { Account, BookingStatus, IntakeField } from '@arrivo/core';
import type { Sql, Tx } from '../client';
import { contactOf, SELECT_CONTACT, type ContactRow } from './contacts';

export interface BoardTechnicianRow {
  id: string;
  name: string;
  active: boolean;
  workingHours: { startMinute: number; endMinute: number }[];
  timeOff: { startsAt: string; endsAt: string }[];
}

/**
 * Technicians for the board of one day: the active ones, and any other with a visit in [from, to).
 * Hours are those of `weekday` (ISO, 1 = Monday), time off what overlaps the day.
 */
export async function listBoardTechnicians(sql: Sql | Tx, businessId: string, weekday: number, range: { from: Date; to: Date }): Promise<BoardTechnicianRow[]> {
  return sql<BoardTechnicianRow[]>`
    SELECT r.id, r.name, r.active,
      coalesce((SELECT json_agg(json_build_object('start_minute', h.start_minute, 'end_minute', h.end_minute) ORDER BY h.start_minute)
                FROM resource_working_hours h WHERE h.resource_id = r.id AND h.weekday = ${weekday}), '[]') AS working_hours,
      coalesce((SELECT json_agg(json_build_object('starts_at', t.starts_at, 'ends_at', t.ends_at) ORDER BY t.starts_at)
                FROM resource_time_off t
                WHERE t.resource_id = r.id AND tstzrange(t.starts_at, t.ends_at) && tstzrange(${range.from}, ${range.to})), '[]') AS time_off
    FROM resource r
    WHERE r.business_id = ${businessId}
      AND (r.active OR EXISTS (
        SELECT 1 FROM booking b WHERE b.business_id = ${businessId} AND b.resource_id = r.id
          AND tstzrange(b.starts_at, b.ends_at) && tstzrange(${range.from}, ${range.to})))
    ORDER BY lower(r.name), r.id`;
}

export interface BoardVisitRow {
  bookingId: string;
  resourceId: string;
  workOrderNumber: string;
  status: BookingStatus;
  arrivalAt: Date;
  startsAt: Date;
  endsAt: Date;
  travelMinutes: number;
  accountId: string;
  accountName: string;
  serviceTypeName: string;
  addressLine1: string;
  city: string;
  postalCode: string | null;
  lat: number;
  lon: number;
  source: 'portal' | 'staff';
}

const SELECT_VISIT = (sql: Sql | Tx) => sql`
  SELECT b.id AS booking_id, b.resource_id, w.number::text AS work_order_number, b.status, b.arrival_at, b.starts_at, b.ends_at,
    b.travel_minutes, acc.id AS account_id, acc.name AS account_name, st.name AS service_type_name,
    w.address_line1, w.city, w.postal_code, w.lat, w.lon, w.source
  FROM booking b
  JOIN work_order w ON w.id = b.work_order_id
  JOIN service_type st ON st.id = w.service_type_id
  JOIN account acc ON acc.id = w.account_id`;

/** Every visit (canceled ones too) whose time, travel included, overlaps [from, to); by technician and time. */
export async function listBoardVisits(sql: Sql | Tx, businessId: string, range: { from: Date; to: Date }): Promise<BoardVisitRow[]> {
  return sql<BoardVisitRow[]>`
    ${SELECT_VISIT(sql)}
    WHERE b.business_id = ${businessId} AND tstzrange(b.starts_at, b.ends_at) && tstzrange(${range.from}, ${range.to})
    ORDER BY b.resource_id, b.starts_at, b.id`;
}

export interface StaffBookingRow extends BoardVisitRow {
  technicianName: string;
  contactId: string | null;
  contactFirstName: string | null;
  contactLastName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  assetId: string | null;
  assetName: string | null;
  comments: string | null;
  cancelReason: string | null;
  intakeFields: IntakeField[];
  intake: Record<string, unknown>;
}

export async function findStaffBooking(sql: Sql | Tx, businessId: string, bookingId: string): Promise<StaffBookingRow | undefined> {
  const [row] = await sql<StaffBookingRow[]>`
    SELECT v.*, r.name AS technician_name,
      c.id AS contact_id, c.first_name AS contact_first_name, c.last_name AS contact_last_name, c.email AS contact_email, c.phone AS contact_phone,
      a.id AS asset_id, a.name AS asset_name, w.comments, b.cancel_reason, st.intake_fields, w.intake
    FROM (${SELECT_VISIT(sql)} WHERE b.business_id = ${businessId} AND b.id = ${bookingId}) v
    JOIN booking b ON b.id = v.booking_id
    JOIN work_order w ON w.id = b.work_order_id
    JOIN service_type st ON st.id = w.service_type_id
    JOIN resource r ON r.id = b.resource_id
    LEFT JOIN contact c ON c.id = w.reported_by_contact_id
    LEFT JOIN asset a ON a.id = w.asset_id`;
  return row;
}

// ───── searches ─────

const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
const ACCOUNT_COLUMNS = ['name', 'active', 'addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country', 'lat', 'lon', 'territoryId'] as const;

/** Accounts by name (or city), `limit + 1` of them so the caller knows whether a next page exists. */
export async function searchAccounts(sql: Sql | Tx, businessId: string, filter: { q?: string; active?: boolean; limit: number; offset: number }): Promise<Account[]> {
  return sql<Account[]>`
    SELECT id, ${sql(ACCOUNT_COLUMNS)} FROM account
    WHERE business_id = ${businessId}
      ${filter.active === undefined ? sql`` : sql`AND active = ${filter.active}`}
      ${filter.q ? sql`AND (name ILIKE ${like(filter.q)} OR city ILIKE ${like(filter.q)})` : sql``}
    ORDER BY lower(name), id LIMIT ${filter.limit + 1} OFFSET ${filter.offset}`;
}

/** Contacts of any account by name or email, with their account's name; `limit + 1` of them. */
export async function searchContacts(sql: Sql | Tx, businessId: string, filter: { q?: string; limit: number; offset: number }) {
  const rows = await sql<(ContactRow & { accountName: string })[]>`
    SELECT s.*, acc.name AS account_name FROM (${SELECT_CONTACT(sql)}
      WHERE c.business_id = ${businessId}
        ${filter.q ? sql`AND (c.first_name || ' ' || c.last_name ILIKE ${like(filter.q)} OR c.email ILIKE ${like(filter.q)})` : sql``}) s
    JOIN account acc ON acc.id = s.account_id
    ORDER BY lower(s.last_name), lower(s.first_name), s.id LIMIT ${filter.limit + 1} OFFSET ${filter.offset}`;
  return rows.map(({ accountName, ...row }) => ({ ...contactOf(row), accountName }));
}
