// The dead-letter state, reached for real: a mail server that keeps answering "try again later"
// (451) until every attempt the queue allows is used up.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeBooking, makeBusiness, makeCustomer, makeResource, makeWorkOrder } from '../../test/fixtures';
import { deliverNotification, maxAttempts } from '../services/notifications';

describe('a message the mail server keeps deferring', () => {
  // Two retries (three attempts), 1 s then ~2 s apart: the whole life of a message in seconds.
  const api = useTestApp({ queue: { retryLimit: 2, retryDelaySeconds: 1 } });

  it('is retried until its attempts are used up, then stays dead with its attempts and last error, and is never sent again', async () => {
    expect(maxAttempts(api.deps.queue)).toBe(3);
    const business = await makeBusiness(api.sql);
    const customer = await makeCustomer(api.deps, business.id);
    const address = customer.email.toLowerCase();
    api.mail.deferred.add(address);

    const wo = await makeWorkOrder(api.sql, business.id);
    await api.sql`UPDATE work_order SET source = 'portal', reported_by_contact_id = ${customer.contactId} WHERE id = ${wo.workOrderId}`;
    const resource = await makeResource(api.sql, business.id);
    const arrivalAt = `${dayFromNow(3)}T18:00:00.000Z`;
    const visit = await makeBooking(api.sql, { businessId: business.id, workOrderId: wo.workOrderId, resourceId: resource.id, arrival: arrivalAt });
    await api.deps.events.publish(api.sql, {
      name: 'booking.created',
      businessId: business.id,
      actorUserId: null,
      payload: { bookingId: visit.id, workOrderId: wo.workOrderId, resourceId: resource.id, arrivalAt, source: 'portal' },
    });

    const row = async () =>
      (await api.sql<{ id: string; status: string; attempts: number; lastError: string | null; sentAt: Date | null }[]>`
        SELECT id, status, attempts, last_error, sent_at FROM notification_log WHERE booking_id = ${visit.id}`)[0];
    // Failed (and retried) on the way there.
    await expect.poll(async () => (await row())?.status, { timeout: 5000 }).toBe('failed');
    await expect.poll(async () => (await row())?.status, { timeout: 20_000, interval: 250 }).toBe('dead');
    const dead = (await row())!;
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, sentAt: null });
    expect(dead.lastError).toMatch(/451/);
    expect(dead.lastError).toContain('try again later');
    // Every attempt reached the mail server, and none got through.
    expect(api.mail.attempts.get(address)).toBe(3);
    expect(api.mail.received.filter((m) => m.to.includes(address))).toEqual([]);

    // The job is over (its last attempt recorded the message dead and finished): pg-boss will
    // not run it again …
    const jobs = await api.sql<{ state: string; retryCount: number }[]>`
      SELECT state, retry_count FROM pgboss.job WHERE name = 'arrivo-notifications' AND data->>'notificationId' = ${dead.id}`;
    expect(jobs).toEqual([{ state: 'completed', retryCount: 2 }]);
    // … and a stray redelivery of it, even with the mail server now willing, sends nothing.
    api.mail.deferred.delete(address);
    await deliverNotification(api.deps, dead.id);
    expect(api.mail.attempts.get(address)).toBe(3);
    expect(await row()).toMatchObject({ status: 'dead', attempts: 3, lastError: dead.lastError });
  });
});
