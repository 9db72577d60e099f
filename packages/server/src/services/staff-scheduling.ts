// Staff schedule for a customer from the admin console: the free times an account would see, a
// booking on its behalf, and moving a visit. Every one runs the customer's own scheduling services
// (the same engine, skills, territories, travel, plugins' availability rules and before-hooks,
// intake checks, horizon, calendar locks) with a staff context: see VisitContext.staff.
//
// Messages: a visit staff book is `source: 'staff'` and sends the customer nothing (as the seeds
// say). A move is a `booking.rescheduled` like the customer's own: a visit the customer booked in
// the portal gets its "new time" message (when the business sends those), a staff-made one none.
import { AppError, type BookableServiceType, type MoveBody, type SlotDays, type Slots, type StaffBookBody, type StaffBooking, type StaffSlots, type StaffSlotsQuery } from '@arrivo/core';
import { findAccount } from '../db/queries/accounts';
import type { BusinessRow } from '../db/queries/businesses';
import { findContact } from '../db/queries/contacts';
import { findTechnicianView } from '../db/queries/scheduling-config';
import { findVisitParties } from '../db/queries/staff-scheduling';
import type { AppDeps } from '../deps';
import { staffBooking } from './admin-console';
import { notFound } from './not-found';
import { book, bookableServiceTypes, daySlots, listSlotDays, listSlots, reschedule, type CustomerContext } from './scheduling';

type Deps = Pick<AppDeps, 'sql' | 'scheduleCache' | 'plugins'>;
type WriteDeps = Deps & Pick<AppDeps, 'events'>;

/**
 * An account of this business as its customer would act, by a staff user. Reads name no contact
 * (the engine never uses one); a booking names its Reported By contact, which must be the account's.
 */
async function accountContext(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, accountId: string, userId: string, contactId?: string): Promise<CustomerContext> {
  const [account, contact] = await Promise.all([
    findAccount(deps.sql, business.id, accountId),
    contactId ? findContact(deps.sql, business.id, contactId, accountId) : undefined,
  ]);
  if (!account) throw notFound('account');
  if (contactId && !contact) throw notFound('contact');
  // As the customer would be told: an inactive account books nothing.
  if (!account.active) throw new AppError('account_inactive', 'This account is not active: make it active before booking for it.');
  return { business, customer: { contactId: contactId ?? '', accountId, accountActive: true, profileCompleted: true }, userId, staff: true };
}

/** A visit of this business and the context of its account (the Reported By contact, if any). */
async function visitContext(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, bookingId: string, userId: string, technicianId?: string) {
  const [visit, technician] = await Promise.all([
    findVisitParties(deps.sql, business.id, bookingId),
    technicianId ? findTechnicianView(deps.sql, business.id, technicianId) : undefined,
  ]);
  if (!visit) throw notFound('booking');
  if (technicianId && !technician) throw notFound('technician');
  const ctx: CustomerContext = {
    business,
    customer: { contactId: visit.contactId ?? '', accountId: visit.accountId, accountActive: visit.accountActive, profileCompleted: true },
    userId,
    staff: true,
  };
  return { ctx, visit };
}

/** What the account's customer could book online (the business's; the account must be this business's and active). */
export async function staffServiceTypes(deps: Deps, business: BusinessRow, accountId: string, userId: string): Promise<BookableServiceType[]> {
  await accountContext(deps, business, accountId, userId);
  return bookableServiceTypes(deps, business);
}

/** The days with free times, exactly as the account's customer would be offered them. */
export async function staffSlotDays(deps: Deps, business: BusinessRow, accountId: string, userId: string, q: Parameters<typeof listSlotDays>[2]): Promise<SlotDays> {
  return listSlotDays(deps, await accountContext(deps, business, accountId, userId), q);
}

/** One day's free times, exactly as the account's customer would be offered them. */
export async function staffSlots(deps: Deps, business: BusinessRow, accountId: string, userId: string, q: Parameters<typeof listSlots>[2]): Promise<Slots> {
  return listSlots(deps, await accountContext(deps, business, accountId, userId), q);
}

/** Book on the account's behalf for one of its contacts: the customer's booking, made by staff (no customer messages). */
export async function staffBook(deps: WriteDeps, business: BusinessRow, accountId: string, userId: string, body: StaffBookBody, idempotencyKey: string): Promise<{ booking: StaffBooking; replayed: boolean }> {
  const { contactId, ...input } = body;
  const ctx = await accountContext(deps, business, accountId, userId, contactId);
  // The key is the staff user's, per contact: the same key for another customer is another booking.
  const { booking, replayed } = await book(deps, ctx, input, `${contactId}:${idempotencyKey}`);
  return { booking: await staffBooking(deps, business, booking.id), replayed };
}

/** Free times to move a visit to on one day (its service type, product, answers and address), each with the technician sent. */
export async function moveSlots(deps: Deps, business: BusinessRow, bookingId: string, userId: string, q: StaffSlotsQuery): Promise<StaffSlots> {
  const { ctx, visit } = await visitContext(deps, business, bookingId, userId, q.technicianId);
  const slots = await daySlots(deps, ctx, { serviceTypeId: visit.serviceTypeId, assetId: visit.assetId ?? undefined, date: q.date, bookingId, technicianId: q.technicianId });
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    date: q.date,
    timeZone: business.timeZone,
    slots: slots.map((s) => ({ arrivalAt: iso(s.arrivalAt), endsAt: iso(s.endsAt), technicianId: s.resourceId, travelMinutes: s.travelMinutes })),
  };
}

/** Move a scheduled visit (checked again under the calendar locks, as the customer's reschedule is). */
export async function moveVisit(deps: WriteDeps, business: BusinessRow, bookingId: string, userId: string, body: MoveBody): Promise<StaffBooking> {
  const { ctx } = await visitContext(deps, business, bookingId, userId, body.technicianId);
  await reschedule(deps, ctx, bookingId, body.arrivalAt, Date.now(), { technicianId: body.technicianId, note: body.note });
  return staffBooking(deps, business, bookingId);
}
