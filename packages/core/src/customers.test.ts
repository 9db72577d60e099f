import { describe, expect, it } from 'vitest';
import { invitationStatus } from './customers';

describe('invitationStatus', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  const later = new Date('2030-01-02T12:00:00Z');
  const earlier = new Date('2029-12-31T12:00:00Z');

  it('reads redeemed, then revoked, then expired, else pending — one meaning for invitations and contacts', () => {
    expect(invitationStatus({ redeemedAt: earlier, revokedAt: null, expiresAt: earlier }, now)).toBe('redeemed');
    expect(invitationStatus({ redeemedAt: null, revokedAt: earlier, expiresAt: later }, now)).toBe('revoked');
    expect(invitationStatus({ redeemedAt: null, revokedAt: earlier, expiresAt: earlier }, now)).toBe('revoked');
    expect(invitationStatus({ redeemedAt: null, revokedAt: null, expiresAt: now }, now)).toBe('expired');
    expect(invitationStatus({ redeemedAt: null, revokedAt: null, expiresAt: later }, now)).toBe('pending');
  });
});
