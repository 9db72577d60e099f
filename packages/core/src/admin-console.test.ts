import { describe, expect, it } from 'vitest';
import { accountSearchQuerySchema, boardQuerySchema, pageQuerySchema } from './admin-console';

describe('admin console queries', () => {
  it('pages 25 at a time from the start unless asked, with limits', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 25, offset: 0 });
    expect(pageQuerySchema.parse({ q: '  harbor ', limit: '10', offset: '20' })).toEqual({ q: 'harbor', limit: 10, offset: 20 });
    for (const bad of [{ limit: '0' }, { limit: '101' }, { offset: '-1' }, { offset: '10001' }, { limit: '2.5' }, { q: 'x'.repeat(101) }, { q: 'a\u0000b' }]) {
      expect(pageQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(accountSearchQuerySchema.safeParse({ active: 'yes' }).success).toBe(false);
  });

  it('takes a calendar date for the board, or none for today', () => {
    expect(boardQuerySchema.parse({})).toEqual({});
    expect(boardQuerySchema.parse({ date: '2031-02-28' })).toEqual({ date: '2031-02-28' });
    for (const date of ['2031-02-30', '2031-2-1', 'tomorrow']) expect(boardQuerySchema.safeParse({ date }).success, date).toBe(false);
  });
});
