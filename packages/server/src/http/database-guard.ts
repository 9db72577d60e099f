import type { MiddlewareHandler } from 'hono';
import { AppError } from '@arrivo/core';
import type { DatabaseMonitor } from '../db/monitor';
import type { AppEnv } from './app-env';
import { toAppError } from './errors';

/**
 * Requests that need PostgreSQL: refused at once with `503 database_unavailable` while it is away
 * (instead of waiting on the pools), and the monitor told when a request meets a dead connection.
 */
export function databaseGuard(monitor: DatabaseMonitor): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!monitor.available) throw new AppError('database_unavailable');
    await next();
    if (!c.error) return;
    if (toAppError(c.error).code === 'database_unavailable') return monitor.reportFailure();
    // Some libraries hide the cause (better-auth answers FAILED_TO_GET_SESSION, 500, for a lost
    // connection): a 500 while PostgreSQL does not answer is the outage, and says so.
    if (c.res.status === 500 && !(await monitor.check()).ok) {
      c.res = new Response(JSON.stringify(new AppError('database_unavailable').toBody()), {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
      });
    }
  };
}
