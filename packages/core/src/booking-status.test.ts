import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES, blocksCalendar, canTransition, customerMayChange, isFinal } from './booking-status';
import { technicianAccountBodySchema } from './booking-status-change';

describe('booking status machine', () => {
  it('follows scheduled → traveling → in progress → completed', () => {
    expect(canTransition('scheduled', 'traveling')).toBe(true);
    expect(canTransition('traveling', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'completed')).toBe(true);
  });

  it('allows canceling only before work starts', () => {
    expect(canTransition('scheduled', 'canceled')).toBe(true);
    expect(canTransition('traveling', 'canceled')).toBe(true);
    expect(canTransition('in_progress', 'canceled')).toBe(false);
    expect(canTransition('completed', 'canceled')).toBe(false);
  });

  it('never skips ahead or goes back', () => {
    expect(canTransition('scheduled', 'in_progress')).toBe(false);
    expect(canTransition('scheduled', 'completed')).toBe(false);
    expect(canTransition('in_progress', 'scheduled')).toBe(false);
    expect(canTransition('completed', 'scheduled')).toBe(false);
  });

  it('treats completed and canceled as final', () => {
    expect(BOOKING_STATUSES.filter(isFinal)).toEqual(['completed', 'canceled']);
  });

  it('lets customers change only scheduled visits and frees the calendar only when canceled', () => {
    expect(BOOKING_STATUSES.filter(customerMayChange)).toEqual(['scheduled']);
    expect(BOOKING_STATUSES.filter((s) => !blocksCalendar(s))).toEqual(['canceled']);
  });
});

describe('technician account link body', () => {
  it('takes an email the way every other email is taken: trimmed, lower-cased, storable', () => {
    expect(technicianAccountBodySchema.parse({ email: '  Tech@Example.COM ' })).toEqual({ email: 'tech@example.com' });
    expect(technicianAccountBodySchema.safeParse({ email: 'tech\u0000@example.com' }).success).toBe(false);
    expect(technicianAccountBodySchema.safeParse({ email: 'not an email' }).success).toBe(false);
  });
});
