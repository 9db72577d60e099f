import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@arrivo/core';
import type { Sql, Tx } from '../db/client';
import { hitRateLimit, peekRateLimit } from '../db/queries/rate-limit';

export interface RateRule {
  key: string;
  limit: number;
  windowSeconds: number;
}

/** Not a refusal: past `freeHits` failures, every attempt waits, doubling up to `maxDelayMs`. */
export interface SlowDownRule {
  key: string;
  freeHits: number;
  windowSeconds: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

// Emails are hashed in keys: the counters table should not become a list of addresses.
const id = (value: string) => createHash('sha256').update(value.toLowerCase()).digest('base64url').slice(0, 22);

const FIFTEEN_MINUTES = 15 * 60;
export const LOCATION_REQUESTS_PER_MINUTE = 30;
export const TRACKING_LINK_REQUESTS_PER_MINUTE = 60;
export const SURVEY_LINK_REQUESTS_PER_MINUTE = 30;

/**
 * The limits, in one place. Addresses are the client's real address (see http/client-address).
 * Password guessing is refused per (email, address), so a stranger exhausting an email's attempts
 * from their address does not lock its owner out elsewhere; across all addresses an email's
 * failures first slow sign-in down (see `signInSlowDown`), and past a hard ceiling of attempts per
 * email (`sign-in:email`) every address is refused. The slow-down alone cannot bound an attacker
 * with many addresses sending in parallel: concurrent attempts all read the same failure count
 * and wait the same delay. The ceiling is counted atomically before the password is checked, so
 * parallel attempts cannot overshoot it; it is high enough that an owner never meets it alone.
 */
export const RATE_RULES = {
  signIn: (ip: string, email: string): RateRule[] => [
    { key: `sign-in:ip:${ip}`, limit: 30, windowSeconds: FIFTEEN_MINUTES },
    { key: `sign-in:email-ip:${id(email)}:${ip}`, limit: 10, windowSeconds: FIFTEEN_MINUTES },
    { key: `sign-in:email:${id(email)}`, limit: 100, windowSeconds: FIFTEEN_MINUTES },
  ],
  redeem: (ip: string): RateRule[] => [{ key: `redeem:ip:${ip}`, limit: 10, windowSeconds: FIFTEEN_MINUTES }],
  forgotPassword: (ip: string, email: string): RateRule[] => [
    { key: `forgot:ip:${ip}`, limit: 20, windowSeconds: 60 * 60 },
    { key: `forgot:email:${id(email)}`, limit: 5, windowSeconds: 60 * 60 },
  ],
  resetPassword: (ip: string): RateRule[] => [{ key: `reset:ip:${ip}`, limit: 20, windowSeconds: FIFTEEN_MINUTES }],
  externalSignIn: (ip: string): RateRule[] => [{ key: `external:ip:${ip}`, limit: 30, windowSeconds: FIFTEEN_MINUTES }],
  externalExchange: (ip: string): RateRule[] => [{ key: `external-exchange:ip:${ip}`, limit: 30, windowSeconds: FIFTEEN_MINUTES }],
  /** The app sends a fix at most every 5 s (an offline queue in batches): 30 requests a minute is ample. */
  locations: (technicianId: string): RateRule[] => [{ key: `locations:technician:${technicianId}`, limit: LOCATION_REQUESTS_PER_MINUTE, windowSeconds: 60 }],
  /** Opening a tracking link (and a map's polling fallback) from one address. */
  trackingLink: (ip: string): RateRule[] => [{ key: `tracking-link:ip:${ip}`, limit: TRACKING_LINK_REQUESTS_PER_MINUTE, windowSeconds: 60 }],
  /** Opening or sending a survey link's survey from one address. */
  surveyLink: (ip: string): RateRule[] => [{ key: `survey-link:ip:${ip}`, limit: SURVEY_LINK_REQUESTS_PER_MINUTE, windowSeconds: 60 }],
  /** Opening a live stream (`LIVE_OPENS_PER_MINUTE`): a page opens one and reconnects now and then. */
  liveStream: (ip: string, perMinute: number): RateRule[] => [{ key: `live:ip:${ip}`, limit: perMinute, windowSeconds: 60 }],
};

/** Failed passwords for an email from anywhere: the first 10 are free, then 0.25 s, 0.5 s … up to 8 s each. */
export const signInSlowDown = (email: string): SlowDownRule => ({
  key: `sign-in:email-failures:${id(email)}`,
  freeHits: 10,
  windowSeconds: FIFTEEN_MINUTES,
  baseDelayMs: 250,
  maxDelayMs: 8000,
});

/** Count this attempt against every rule; refuse with `rate_limited` if any is over its limit. */
export async function enforceRateLimits(sql: Sql, rules: RateRule[]): Promise<void> {
  const refusal = await countRateLimits(sql, rules);
  if (refusal) throw refusal;
}

/**
 * Count this attempt against every rule; answer the `rate_limited` refusal if any is over its
 * limit, for a caller counting inside its own transaction to throw once that has committed.
 */
export async function countRateLimits(sql: Sql | Tx, rules: RateRule[]): Promise<AppError | undefined> {
  let retryAfterSeconds = 0;
  for (const rule of rules) {
    const { hits, resetAt } = await hitRateLimit(sql, rule.key, rule.windowSeconds);
    if (hits > rule.limit) retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
  }
  return retryAfterSeconds > 0 ? new AppError('rate_limited', undefined, { details: { retryAfterSeconds } }) : undefined;
}

export function slowDownDelayMs(failures: number, rule: SlowDownRule): number {
  const over = failures - rule.freeHits;
  return over <= 0 ? 0 : Math.min(rule.baseDelayMs * 2 ** Math.min(over - 1, 20), rule.maxDelayMs);
}

/** Wait as long as the rule's failures so far ask for (the same for every caller, right or wrong). */
export async function slowDown(sql: Sql, rule: SlowDownRule): Promise<void> {
  const ms = slowDownDelayMs(await peekRateLimit(sql, rule.key), rule);
  if (ms > 0) await sleep(ms);
}

export async function countFailure(sql: Sql, rule: SlowDownRule): Promise<void> {
  await hitRateLimit(sql, rule.key, rule.windowSeconds);
}
