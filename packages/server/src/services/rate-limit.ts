import { createHash } from 'node:crypto';
import { AppError } from '@arrivo/core';
import type { Sql } from '../db/client';
import { hitRateLimit } from '../db/queries/rate-limit';

export interface RateRule {
  key: string;
  limit: number;
  windowSeconds: number;
}

// Emails are hashed in keys: the counters table should not become a list of addresses.
const id = (value: string) => createHash('sha256').update(value.toLowerCase()).digest('base64url').slice(0, 22);

/** The limits, in one place. Per address and per email, so neither spraying nor guessing pays. */
export const RATE_RULES = {
  signIn: (ip: string, email: string): RateRule[] => [
    { key: `sign-in:ip:${ip}`, limit: 30, windowSeconds: 15 * 60 },
    { key: `sign-in:email:${id(email)}`, limit: 10, windowSeconds: 15 * 60 },
  ],
  redeem: (ip: string): RateRule[] => [{ key: `redeem:ip:${ip}`, limit: 10, windowSeconds: 15 * 60 }],
  forgotPassword: (ip: string, email: string): RateRule[] => [
    { key: `forgot:ip:${ip}`, limit: 20, windowSeconds: 60 * 60 },
    { key: `forgot:email:${id(email)}`, limit: 5, windowSeconds: 60 * 60 },
  ],
  resetPassword: (ip: string): RateRule[] => [{ key: `reset:ip:${ip}`, limit: 20, windowSeconds: 15 * 60 }],
  externalSignIn: (ip: string): RateRule[] => [{ key: `external:ip:${ip}`, limit: 30, windowSeconds: 15 * 60 }],
};

/** Count this attempt against every rule; refuse with `rate_limited` if any is over its limit. */
export async function enforceRateLimits(sql: Sql, rules: RateRule[]): Promise<void> {
  let retryAfterSeconds = 0;
  for (const rule of rules) {
    const { hits, resetAt } = await hitRateLimit(sql, rule.key, rule.windowSeconds);
    if (hits > rule.limit) retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
  }
  if (retryAfterSeconds > 0) {
    throw new AppError('rate_limited', undefined, { details: { retryAfterSeconds } });
  }
}
