// The admin console's reads: the bookings board, one visit for staff, and paged searches.
import {
  addDays,
  isoWeekday,
  nextStatuses,
  zonedDate,
  zonedInstant,
  type AccountPage,
  type AccountSearchQuery,
  type Board,
  type BoardQuery,
  type BoardVisit,
  type ContactPage,
  type PageQuery,
  type StaffBooking,
} from '@arrivo/core';
import type { Sql } from '../db/client';
import { findStaffBooking, listBoardTechnicians, listBoardVisits, searchAccounts, searchContacts, type BoardVisitRow } from '../db/queries/admin-console';
import { listStatusHistory } from '../db/queries/booking-status';
import type { BusinessRow } from '../db/queries/businesses';
import type { AppDeps } from '../deps';
import { notFound } from './not-found';
import { intakeAnswersOf } from './tracking';

const iso = (ms: number) => new Date(ms).toISOString();

function boardVisit(row: BoardVisitRow): BoardVisit {
  return {
    bookingId: row.bookingId,
    workOrderNumber: row.workOrderNumber,
    status: row.status,
    next: nextStatuses(row.status),
    arrivalAt: row.arrivalAt.toISOString(),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    travelMinutes: row.travelMinutes,
    accountId: row.accountId,
    accountName: row.accountName,
    serviceTypeName: row.serviceTypeName,
    address: { line1: row.addressLine1, city: row.city, postalCode: row.postalCode, lat: row.lat, lon: row.lon },
    source: row.source,
  };
}

/**
 * One day of the business (its own time zone) per technician: working hours, time off and every
 * visit whose time, travel included, touches the day. Two queries, run side by side.
 */
export async function bookingsBoard(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, query: BoardQuery, now = Date.now()): Promise<Board> {
  const zone = business.timeZone;
  const date = query.date ?? zonedDate(now, zone);
  const from = zonedInstant(date, 0, zone);
  const to = zonedInstant(addDays(date, 1), 0, zone);
  const range = { from: new Date(from), to: new Date(to) };
  const [technicians, visits] = await Promise.all([
    listBoardTechnicians(deps.sql, business.id, isoWeekday(date), range),
    listBoardVisits(deps.sql, business.id, range),
  ]);
  const byTechnician = new Map<string, BoardVisit[]>();
  for (const row of visits) {
    const list = byTechnician.get(row.resourceId);
    if (list) list.push(boardVisit(row));
    else byTechnician.set(row.resourceId, [boardVisit(row)]);
  }
  return {
    date,
    timeZone: zone,
    startsAt: iso(from),
    endsAt: iso(to),
    technicians: technicians.map((t) => ({
      id: t.id,
      name: t.name,
      active: t.active,
      workingHours: t.workingHours.map((h) => ({ startsAt: iso(zonedInstant(date, h.startMinute, zone)), endsAt: iso(zonedInstant(date, h.endMinute, zone)) })),
      timeOff: t.timeOff.map((o) => ({ startsAt: new Date(o.startsAt).toISOString(), endsAt: new Date(o.endsAt).toISOString() })),
      visits: byTechnician.get(t.id) ?? [],
    })),
  };
}

/** One visit as staff see it, with its status history. */
export async function staffBooking(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, bookingId: string): Promise<StaffBooking> {
  const [row, history] = await Promise.all([findStaffBooking(deps.sql, business.id, bookingId), listStatusHistory(deps.sql, business.id, bookingId)]);
  if (!row) throw notFound('booking');
  return {
    ...boardVisit(row),
    timeZone: business.timeZone,
    technician: { id: row.resourceId, name: row.technicianName },
    contact: row.contactId
      ? { id: row.contactId, name: `${row.contactFirstName ?? ''} ${row.contactLastName ?? ''}`.trim(), email: row.contactEmail!, phone: row.contactPhone }
      : null,
    asset: row.assetId ? { id: row.assetId, name: row.assetName! } : null,
    comments: row.comments,
    cancelReason: row.cancelReason,
    intakeAnswers: intakeAnswersOf(row.intakeFields, row.intake),
    history: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, changedByUserId: h.changedByUserId, note: h.note, changedAt: h.changedAt.toISOString() })),
  };
}

/** A page from rows fetched with one extra: that extra says a next page exists. */
function pageOf<T>(rows: T[], query: PageQuery): { items: T[]; nextOffset: number | null } {
  return { items: rows.slice(0, query.limit), nextOffset: rows.length > query.limit ? query.offset + query.limit : null };
}

export async function accountPage(sql: Sql, business: BusinessRow, query: AccountSearchQuery): Promise<AccountPage> {
  const active = query.active === undefined ? undefined : query.active === 'true';
  return pageOf(await searchAccounts(sql, business.id, { q: query.q || undefined, active, limit: query.limit, offset: query.offset }), query);
}

export async function contactPage(sql: Sql, business: BusinessRow, query: PageQuery): Promise<ContactPage> {
  return pageOf(await searchContacts(sql, business.id, { q: query.q || undefined, limit: query.limit, offset: query.offset }), query);
}
