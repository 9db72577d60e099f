import { describe, expect, it } from 'vitest';
import { requestLocale } from './locale';

describe('requestLocale', () => {
  it('takes the most preferred tag of Accept-Language', () => {
    expect(requestLocale('es')).toBe('es');
    expect(requestLocale('es-MX,es;q=0.9,en;q=0.8')).toBe('es-MX');
    expect(requestLocale('en;q=0.5, ar;q=0.9')).toBe('ar');
  });

  it('answers en for nothing, a wildcard or nonsense', () => {
    expect(requestLocale(undefined)).toBe('en');
    expect(requestLocale('')).toBe('en');
    expect(requestLocale('*')).toBe('en');
    expect(requestLocale('<script>;q=1')).toBe('en');
    expect(requestLocale('fr;q=0')).toBe('en');
  });
});
