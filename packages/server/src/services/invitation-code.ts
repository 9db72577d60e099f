import { createHash, randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read aloud or retyped survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 160 bits from the CSPRNG, as 32 characters in groups of four: `7KQ2-M9XD-…`. */
export function newInvitationCode(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** What was typed, reduced to the canonical characters (case, dashes, spaces and look-alikes forgiven). */
export function normalizeInvitationCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Only this hash is stored; the code itself exists in the email alone. */
export function hashInvitationCode(input: string): Buffer {
  return createHash('sha256').update(normalizeInvitationCode(input)).digest();
}
