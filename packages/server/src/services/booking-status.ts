// The booking status machine: scheduled → traveling → in_progress → completed, canceled from
// scheduled or traveling (core's canTransition). Every change writes a history row with who made
// it and publishes `booking.status_changed` (and `booking.canceled`) in the same transaction.
import { AppError, canTransition, nextStatuses, type BookingStatus, type BookingStatusView, type StatusChangeBody } from '@arrivo/core';
import type { Tx } from '../db/client';
import { listStatusHistory, lockBookingStatus, setBookingStatus } from '../db/queries/booking-status';
import { recordStatus } from '../db/queries/bookings';
import type { BusinessRow } from '../db/queries/businesses';
import type { AppDeps } from '../deps';
import { notFound } from './not-found';

/**
 * Who asks. Staff (admin, dispatcher) may move any visit of their business; a technician only
 * visits assigned to the technician record linked to their account, and never cancels.
 */
export type StatusActor = { role: 'staff'; userId: string } | { role: 'technician'; userId: string };

export interface StatusChange {
  businessId: string;
  bookingId: string;
  resourceId: string;
  from: BookingStatus;
  to: BookingStatus;
  note: string | null;
  actorUserId: string | null;
}

/** Apply one move inside `tx` (the caller holds the booking's row lock): guard, update, history, events. */
export async function applyStatusChange(tx: Tx, deps: Pick<AppDeps, 'events'>, c: StatusChange): Promise<void> {
  if (!canTransition(c.from, c.to)) {
    throw new AppError('status_transition_not_allowed', `A ${c.from} visit cannot become ${c.to}.`, {
      details: { from: c.from, to: c.to, allowed: nextStatuses(c.from) },
    });
  }
  if (c.to === 'canceled' && !c.note) throw new AppError('validation_failed', 'A reason is required to cancel.');
  await setBookingStatus(tx, c.bookingId, c.to, c.note);
  await recordStatus(tx, c.businessId, c.bookingId, c.from, c.to, c.actorUserId, c.note);
  const base = { businessId: c.businessId, actorUserId: c.actorUserId };
  await deps.events.publish(tx, {
    ...base,
    name: 'booking.status_changed',
    payload: { bookingId: c.bookingId, resourceId: c.resourceId, from: c.from, to: c.to, note: c.note },
  });
  if (c.to === 'canceled') {
    await deps.events.publish(tx, { ...base, name: 'booking.canceled', payload: { bookingId: c.bookingId, resourceId: c.resourceId, from: c.from, reason: c.note! } });
  }
}

export async function changeBookingStatus(
  deps: Pick<AppDeps, 'sql' | 'events'>,
  business: BusinessRow,
  bookingId: string,
  change: StatusChangeBody,
  actor: StatusActor,
): Promise<BookingStatusView> {
  return deps.sql.begin(async (tx) => {
    const row = await lockBookingStatus(tx, business.id, bookingId);
    // Another technician's visit is as unknown to a technician as another business's.
    if (!row || (actor.role === 'technician' && row.technicianUserId !== actor.userId)) throw notFound('booking');
    if (actor.role === 'technician' && change.status === 'canceled') throw new AppError('forbidden', 'Technicians cannot cancel visits; ask a dispatcher.');
    await applyStatusChange(tx, deps, {
      businessId: business.id,
      bookingId,
      resourceId: row.resourceId,
      from: row.status,
      to: change.status,
      note: change.note ?? null,
      actorUserId: actor.userId,
    });
    return statusView(tx, business.id, bookingId, change.status);
  });
}

async function statusView(tx: Tx, businessId: string, bookingId: string, status: BookingStatus): Promise<BookingStatusView> {
  const history = await listStatusHistory(tx, businessId, bookingId);
  return {
    id: bookingId,
    status,
    next: nextStatuses(status),
    history: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, changedByUserId: h.changedByUserId, note: h.note, changedAt: h.changedAt.toISOString() })),
  };
}
