// The booking status machine: scheduled → traveling → in_progress → completed, canceled from
// scheduled or traveling (core's canTransition). Every change writes a history row with who made
// it and publishes `booking.status_changed` (and `booking.canceled`) in the same transaction.
// Live tracking rides along in that transaction: becoming Traveling adds a token to the visit's
// tracking link, or makes the link (its token travels sealed on the event, for the "on the way"
// message; none when staff blocked the link), and leaving
// Traveling starts the link's grace period. Doing it here rather than in an event subscriber
// means the link exists the moment the status does, and the event that announces the move is
// the one that carries the link, so no second event and no window without a link. Becoming
// Completed makes the visit's survey link the same way (when the business asks for feedback), for
// the Completed message.
import { AppError, canTransition, nextStatuses, type BookingStatus, type BookingStatusView, type StatusChangeBody } from '@arrivo/core';
import type { Tx } from '../db/client';
import { listStatusHistory, lockBookingStatus, setBookingStatus } from '../db/queries/booking-status';
import { recordStatus } from '../db/queries/bookings';
import type { BusinessRow } from '../db/queries/businesses';
import { getSchedulingSettings } from '../db/queries/schedule';
import { startTrackingLinkGrace } from '../db/queries/tracking';
import type { AppDeps } from '../deps';
import { getSurveySettings, issueSurveyToken } from './feedback';
import { notFound } from './not-found';
import { runBeforeHooks } from './plugin-hooks';
import { issueTravelingToken } from './tracking-links';

/**
 * Who asks. Staff (admin, dispatcher) may move any visit of their business; a technician only
 * visits assigned to the technician record linked to their account (and cancels, with a reason,
 * only where the machine allows: before work starts).
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
  /** Who, for plugins' hooks (a cancel's before-hook sees it). */
  actorKind: 'customer' | 'staff' | 'technician';
  arrivalAt: Date;
  /** The language of whoever asked (a customer's Accept-Language), for plugins' veto reasons. */
  locale?: string;
}

/** Apply one move inside `tx` (the caller holds the booking's row lock): guard, update, history, events. */
export async function applyStatusChange(tx: Tx, deps: Pick<AppDeps, 'events' | 'secrets' | 'plugins'>, c: StatusChange): Promise<void> {
  if (!canTransition(c.from, c.to)) {
    throw new AppError('status_transition_not_allowed', `A ${c.from} visit cannot become ${c.to}.`, {
      details: { from: c.from, to: c.to, allowed: nextStatuses(c.from) },
    });
  }
  if (c.to === 'canceled' && !c.note) throw new AppError('validation_failed', 'A reason is required to cancel.');
  if (c.to === 'canceled') {
    // Every way a visit is canceled (customer, staff, technician) passes plugins' cancel hooks here.
    const draft = await runBeforeHooks(tx, deps, c.businessId, c.locale, 'booking.cancel.before', {
      actor: { kind: c.actorKind, userId: c.actorUserId },
      bookingId: c.bookingId,
      arrivalAt: c.arrivalAt.toISOString(),
      reason: c.note!,
    });
    c = { ...c, note: draft.reason };
  }
  await setBookingStatus(tx, c.bookingId, c.to, c.note);
  await recordStatus(tx, c.businessId, c.bookingId, c.from, c.to, c.actorUserId, c.note);
  const settings = await getSchedulingSettings(tx, c.businessId);
  let sealedTrackingToken: string | undefined;
  if (c.to === 'traveling' && settings.trackingEnabled) {
    // A link staff already sent keeps working; a blocked one stays blocked (and no token goes out).
    const token = await issueTravelingToken(tx, { businessId: c.businessId, bookingId: c.bookingId, userId: c.actorUserId });
    if (token) sealedTrackingToken = deps.secrets.seal(token);
  } else if (c.to !== 'traveling') {
    await startTrackingLinkGrace(tx, c.businessId, c.bookingId, settings.trackingLinkGraceMinutes);
  }
  let sealedSurveyToken: string | undefined;
  if (c.to === 'completed' && settings.surveyEnabled) {
    const { linkTtlDays } = await getSurveySettings(tx, c.businessId);
    sealedSurveyToken = deps.secrets.seal(await issueSurveyToken(tx, { businessId: c.businessId, bookingId: c.bookingId, ttlDays: linkTtlDays }));
  }
  const base = { businessId: c.businessId, actorUserId: c.actorUserId };
  await deps.events.publish(tx, {
    ...base,
    name: 'booking.status_changed',
    payload: {
      bookingId: c.bookingId,
      resourceId: c.resourceId,
      from: c.from,
      to: c.to,
      note: c.note,
      ...(sealedTrackingToken ? { sealedTrackingToken } : {}),
      ...(sealedSurveyToken ? { sealedSurveyToken } : {}),
    },
  });
  if (c.to === 'canceled') {
    await deps.events.publish(tx, { ...base, name: 'booking.canceled', payload: { bookingId: c.bookingId, resourceId: c.resourceId, from: c.from, reason: c.note! } });
  }
}

export async function changeBookingStatus(
  deps: Pick<AppDeps, 'sql' | 'events' | 'secrets' | 'plugins'>,
  business: BusinessRow,
  bookingId: string,
  change: StatusChangeBody,
  actor: StatusActor,
): Promise<BookingStatusView> {
  return deps.sql.begin(async (tx) => {
    const row = await lockBookingStatus(tx, business.id, bookingId);
    // Another technician's visit is as unknown to a technician as another business's.
    if (!row || (actor.role === 'technician' && row.technicianUserId !== actor.userId)) throw notFound('booking');
    await applyStatusChange(tx, deps, {
      businessId: business.id,
      bookingId,
      resourceId: row.resourceId,
      from: row.status,
      to: change.status,
      note: change.note ?? null,
      actorUserId: actor.userId,
      actorKind: actor.role,
      arrivalAt: row.arrivalAt,
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
