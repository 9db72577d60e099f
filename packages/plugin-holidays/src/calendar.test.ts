// The dates a business's settings close: from the holiday data, by kind, with its own exceptions.
import { describe, expect, it } from 'vitest';
import { closedDates, holidaySettings } from './calendar';

const settings = (input: object) => holidaySettings.parse(input);

describe('closed dates', () => {
  it('closes the public holidays of a country and state, and nothing else by default', () => {
    const oregon = settings({ country: 'US', state: 'OR' });
    expect(oregon.types).toEqual(['public']);
    expect(closedDates(oregon, '2026-11-20', '2027-01-05')).toEqual(['2026-11-26', '2026-12-25', '2027-01-01']);
    // Valentine's Day is an observance: open unless the business closes observances too.
    expect(closedDates(oregon, '2027-02-14', '2027-02-14')).toEqual([]);
    expect(closedDates(settings({ country: 'US', types: ['public', 'observance'] }), '2027-02-14', '2027-02-14')).toEqual(['2027-02-14']);
  });

  it('uses the state’s own holidays', () => {
    // Epiphany is a public holiday in Bavaria, not in Berlin.
    expect(closedDates(settings({ country: 'DE', state: 'BY' }), '2027-01-06', '2027-01-06')).toEqual(['2027-01-06']);
    expect(closedDates(settings({ country: 'DE', state: 'BE' }), '2027-01-06', '2027-01-06')).toEqual([]);
  });

  it('keeps `open` dates open and closes `closed` ones', () => {
    const s = settings({ country: 'US', state: 'OR', open: ['2026-11-26'], closed: ['2026-11-27', '2030-01-02'] });
    expect(closedDates(s, '2026-11-20', '2026-12-31')).toEqual(['2026-11-27', '2026-12-25']);
  });

  it('refuses settings it cannot honour, saying where', () => {
    const issues = (input: object) => {
      const r = holidaySettings.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(issues({})).toEqual(['country']);
    expect(issues({ country: 'XX' })).toEqual(['country']);
    expect(issues({ country: 'US', state: 'ZZ' })).toEqual(['state']);
    expect(issues({ country: 'US', types: ['feast'] })).toEqual(['types.0']);
    expect(issues({ country: 'US', open: ['2026-02-30'], closed: ['tomorrow'] })).toEqual(['open.0', 'closed.0']);
  });
});
