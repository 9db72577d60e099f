import { describe, expect, it } from 'vitest';
import {
  brandColors,
  brandingSettingsPatchSchema,
  contrastRatio,
  estimateArrival,
  fillPlaceholders,
  MIN_BRAND_CONTRAST,
  NOTIFICATION_PLACEHOLDERS,
  NOTIFICATION_TEMPLATE_MESSAGES,
  notificationTemplateInputSchema,
  readableTextOn,
  unknownPlaceholders,
} from './notifications';

describe('wording placeholders', () => {
  it('names the placeholders a message does not offer, once each, as written', () => {
    expect(unknownPlaceholders('confirmation', 'Hi {customerName}, {firstName} {nope} {nope} { } {serviceType}')).toEqual(['{firstName}', '{nope}', '{ }']);
    expect(unknownPlaceholders('canceled', 'Because {reason}')).toEqual([]);
    expect(unknownPlaceholders('confirmation', 'Because {reason}')).toEqual(['{reason}']);
    expect(unknownPlaceholders('password_reset', 'Hi {customerName}')).toEqual(['{customerName}']);
    // Doubled braces are literal braces, not placeholders.
    expect(unknownPlaceholders('reminder', 'Use {{code}} literally')).toEqual([]);
  });

  it('fills placeholders with plain values and keeps literal braces', () => {
    expect(fillPlaceholders('Hi {customerName}, see {{you}} at {arrival}.', { customerName: '<Pat>', arrival: '10:00' })).toBe('Hi <Pat>, see {you} at 10:00.');
    expect(fillPlaceholders('{eta}', {})).toBe('');
  });

  it('documents placeholders for every message, with no link among them', () => {
    for (const m of NOTIFICATION_TEMPLATE_MESSAGES) {
      expect(NOTIFICATION_PLACEHOLDERS[m].length).toBeGreaterThan(0);
      expect(NOTIFICATION_PLACEHOLDERS[m].some((p) => /url|link/i.test(p))).toBe(false);
    }
  });

  it('takes a subject, a body or both; the subject one line', () => {
    expect(notificationTemplateInputSchema.safeParse({}).success).toBe(false);
    expect(notificationTemplateInputSchema.safeParse({ subject: null, body: null }).success).toBe(false);
    expect(notificationTemplateInputSchema.parse({ body: 'Hello' })).toEqual({ subject: null, body: 'Hello' });
    expect(notificationTemplateInputSchema.safeParse({ subject: 'a\nBcc: x@example.com' }).success).toBe(false);
    expect(notificationTemplateInputSchema.safeParse({ subject: '   ' }).success).toBe(false);
    expect(notificationTemplateInputSchema.safeParse({ body: 'x'.repeat(5001) }).success).toBe(false);
    expect(notificationTemplateInputSchema.safeParse({ body: 'x', html: '<b>' }).success).toBe(false);
  });
});

describe('brand colours', () => {
  it('computes WCAG contrast', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    expect(contrastRatio('#ffffff', '#767676')).toBeCloseTo(4.54, 2);
  });

  it('picks white or black text that always reaches 4.5:1', () => {
    for (let v = 0; v < 0x1000000; v += 0x010305 * 7) {
      const hex = `#${v.toString(16).padStart(6, '0')}`;
      expect(contrastRatio(hex, readableTextOn(hex))).toBeGreaterThanOrEqual(MIN_BRAND_CONTRAST);
    }
    expect(readableTextOn('#ffff00')).toBe('#000000');
    expect(readableTextOn('#1d4ed8')).toBe('#ffffff');
    expect(brandColors({ brandColor: null, brandTextColor: null })).toMatchObject({ background: '#1d4ed8', text: '#ffffff' });
  });

  it('accepts #rrggbb only, stored lower case', () => {
    expect(brandingSettingsPatchSchema.parse({ brandColor: '#7B1FA2' })).toEqual({ brandColor: '#7b1fa2' });
    for (const bad of ['#fff', 'red', '7b1fa2', '#7b1fa2ff', 'url(x)']) expect(brandingSettingsPatchSchema.safeParse({ brandColor: bad }).success).toBe(false);
  });
});

describe('on-the-way ETA', () => {
  const booked = new Date('2026-07-07T17:00:00Z');
  it('is departure + travel when that is after the booked arrival', () => {
    expect(estimateArrival({ departedAt: new Date('2026-07-07T16:40:00Z'), travelMinutes: 35, bookedArrival: booked })).toEqual({
      at: new Date('2026-07-07T17:15:00Z'),
      basis: 'departure',
      travelMinutes: 35,
    });
  });
  it('is the booked arrival when the technician would be early, or travel is unknown', () => {
    expect(estimateArrival({ departedAt: new Date('2026-07-07T16:00:00Z'), travelMinutes: 35, bookedArrival: booked })).toMatchObject({ at: booked, basis: 'booked' });
    expect(estimateArrival({ departedAt: new Date('2026-07-07T16:59:00Z'), travelMinutes: null, bookedArrival: booked })).toMatchObject({ at: booked, basis: 'booked' });
  });
});
