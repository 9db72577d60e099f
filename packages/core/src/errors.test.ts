import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, isErrorCode } from './errors';

describe('AppError', () => {
  it('takes status and default message from the code catalogue', () => {
    const err = new AppError('slot_taken');
    expect(err.status).toBe(409);
    expect(err.toBody()).toEqual({ code: 'slot_taken', message: ERROR_CODES.slot_taken.message });
  });

  it('carries issues and details into the body only when given', () => {
    const err = new AppError('validation_failed', 'Bad date', {
      issues: [{ path: ['query', 'date'], message: 'expected YYYY-MM-DD' }],
      details: { hint: 1 },
    });
    expect(err.toBody()).toEqual({
      code: 'validation_failed',
      message: 'Bad date',
      issues: [{ path: ['query', 'date'], message: 'expected YYYY-MM-DD' }],
      details: { hint: 1 },
    });
  });

  it('recognises only catalogued codes', () => {
    expect(isErrorCode('not_found')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });

  it('gives every code a client or server status and a message', () => {
    for (const [code, { status, message }] of Object.entries(ERROR_CODES)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(message.length, code).toBeGreaterThan(0);
    }
  });
});
