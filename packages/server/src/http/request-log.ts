import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log';
import type { AppEnv } from './app-env';

/** Gives each request a child logger bound to its id and logs one line when it ends. */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestLog = log.child({ reqId: c.get('requestId') });
    c.set('log', requestLog);
    const started = performance.now();
    await next();
    // Only the path: query strings may carry codes or tokens.
    requestLog.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  };
}
