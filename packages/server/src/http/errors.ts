import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, type ErrorCode } from '@arrivo/core';
import type { AppEnv } from './app-env';

interface PostgresLikeError {
  code?: string;
  constraint_name?: string;
  errno?: string;
  message?: string;
}

// Postgres SQLSTATEs a client's input can cause; anything else is our fault (500).
const POSTGRES_CODES: Record<string, ErrorCode> = {
  '23505': 'conflict',
  '23503': 'invalid_reference',
  '23514': 'validation_failed',
  '23502': 'validation_failed',
  '22P02': 'validation_failed',
  '22001': 'validation_failed',
  '22003': 'validation_failed',
  '22007': 'validation_failed',
  '22008': 'validation_failed',
};

// Connection-level failures mean the database is away, not that the request was wrong: postgres.js's
// own codes, the socket's, and PostgreSQL's class 08 (connection exception) and 57P01–57P03
// (shutting down, crashed, starting up).
const CONNECTION_ERRORS = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
const isConnectionCode = (code: string) => CONNECTION_ERRORS.has(code) || /^08[0-9A-Z]{3}$/.test(code);

/** Turn anything thrown into the AppError the client will see. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return new AppError('malformed_json');
    if (err.status === 413) return new AppError('payload_too_large');
    if (err.status === 401) return new AppError('unauthenticated');
    if (err.status === 403) return new AppError('forbidden');
    if (err.status === 404) return new AppError('not_found');
    if (err.status < 500) return new AppError('validation_failed', err.message || undefined);
    return new AppError('internal', undefined, { cause: err });
  }
  const pg = err as PostgresLikeError;
  if (pg && typeof pg.code === 'string') {
    if (pg.code === '23P01') {
      return new AppError(pg.constraint_name === 'booking_no_overlap' ? 'slot_taken' : 'conflict', undefined, { cause: err });
    }
    // Deleting a row others still point at is a conflict, not a missing reference.
    if (pg.code === '23503' && pg.message?.startsWith('update or delete')) {
      return new AppError('conflict', 'This is still in use elsewhere, so it cannot be removed.', { cause: err });
    }
    const code = POSTGRES_CODES[pg.code];
    if (code) return new AppError(code, undefined, { cause: err });
    if (isConnectionCode(pg.code)) return new AppError('database_unavailable', undefined, { cause: err });
  }
  return new AppError('internal', undefined, { cause: err });
}

/** The app's single error handler: one JSON shape, the right status, server faults logged. */
export function handleError(err: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(err);
  const log = c.get('log');
  const retryAfter = appError.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  if (appError.code === 'database_unavailable') {
    c.header('Retry-After', '1');
    log?.warn({ code: appError.code, cause: (appError.cause as Error | undefined)?.message }, 'database unavailable');
  } else if (appError.status >= 500) log?.error({ err: appError.cause ?? appError, code: appError.code }, 'request failed');
  else log?.debug({ code: appError.code }, 'request refused');
  return c.json(appError.toBody(), appError.status as 400);
}
