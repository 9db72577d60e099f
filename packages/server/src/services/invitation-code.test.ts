import { describe, expect, it } from 'vitest';
import { hashInvitationCode, newInvitationCode, normalizeInvitationCode } from './invitation-code';

describe('invitation codes', () => {
  it('carry 160 bits as 32 Crockford characters in groups of four', () => {
    const code = newInvitationCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    expect(normalizeInvitationCode(code)).toHaveLength(32); // 32 × 5 bits = 160 bits
  });

  it('never repeat', () => {
    const codes = new Set(Array.from({ length: 2000 }, newInvitationCode));
    expect(codes.size).toBe(2000);
  });

  it('forgive case, spacing, dashes and look-alike letters but nothing else', () => {
    const code = 'AB01-CDEF-GH1J-KMNP-QRST-VWXY-Z012-3456';
    const typed = ' ab0i cdef-gh1j kmnp qrst vwxy zo12 3456 ';
    expect(hashInvitationCode(typed)).toEqual(hashInvitationCode(code));
    expect(hashInvitationCode(code.replace('Z', 'Y'))).not.toEqual(hashInvitationCode(code));
  });
});
