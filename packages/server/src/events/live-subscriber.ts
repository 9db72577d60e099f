import type { DomainEvent, LiveMessage } from '@arrivo/core';
import { findBookingAudience } from '../db/queries/live';
import type { LiveBus, LiveTopic } from '../live/bus';
import type { EventSubscriber } from './dispatcher';

/**
 * Tells open live streams about booking changes, after they commit: a status change goes to the
 * visit's own topic (a tracking link), its customer's account, its technician and the business
 * staff; a booking made, moved or canceled asks the same readers (but the link's) to refetch it.
 * Live messages are best-effort notifications: a redelivered event may send one twice (clients
 * refetch, so that is harmless), a lost one is covered by `resync` and polling.
 */
export function liveUpdatesSubscriber(deps: { live: LiveBus }): EventSubscriber {
  return {
    key: 'live-updates',
    events: ['booking.status_changed', 'booking.created', 'booking.rescheduled', 'booking.canceled'],
    async handle(event, { tx, log }) {
      const bookingId = bookingOf(event);
      if (!bookingId) return;
      const audience = await findBookingAudience(tx, event.businessId, bookingId);
      if (!audience) return; // deleted since
      const { topics, message } = compose(event as BookingEvent, audience);
      // Published before the claim commits: a failed commit means a retry, and a second notice.
      const sent = await Promise.allSettled(topics.map((topic) => deps.live.publish(topic, message)));
      for (const s of sent) if (s.status === 'rejected') log.warn({ err: s.reason, eventId: event.id }, 'live update not published');
    },
  };
}

type BookingEvent = DomainEvent<'booking.status_changed' | 'booking.created' | 'booking.rescheduled' | 'booking.canceled'>;

function bookingOf(event: DomainEvent): string | undefined {
  return 'bookingId' in event.payload ? event.payload.bookingId : undefined;
}

function compose(event: BookingEvent, audience: { accountId: string; resourceId: string }): { topics: LiveTopic[]; message: LiveMessage } {
  const bookingId = event.payload.bookingId;
  const readers: LiveTopic[] = [`account:${audience.accountId}`, `technician:${audience.resourceId}`, `business:${event.businessId}`];
  if (event.name === 'booking.status_changed') {
    // A visit moved to another technician keeps only its current one; the previous one's app refetches on booking.changed.
    return { topics: [`booking:${bookingId}`, ...readers], message: { type: 'booking.status', data: { bookingId, status: event.payload.to, at: event.occurredAt } } };
  }
  const topics = [...readers];
  if (event.name === 'booking.rescheduled' && event.payload.previous.resourceId !== audience.resourceId) topics.push(`technician:${event.payload.previous.resourceId}`);
  return { topics, message: { type: 'booking.changed', data: { bookingId } } };
}
