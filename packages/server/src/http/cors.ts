import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppDeps } from '../deps';
import type { AppEnv } from './app-env';

const BUSINESS_PATH = /^\/api\/businesses\/([a-z0-9-]+)(?:\/|$)/;

/**
 * Cross-origin access for embedded elements: a page may call a business's routes only from an
 * origin that business allows (exactly; never `*`). Routes of no business (health, OpenAPI)
 * answer origins that any business allows.
 */
export function embedCors(deps: Pick<AppDeps, 'sql' | 'businesses'>): MiddlewareHandler<AppEnv> {
  return cors({
    origin: async (origin, c) => {
      if (!origin) return null;
      const slug = BUSINESS_PATH.exec(c.req.path)?.[1];
      // From the business directory's copy (30 s, forgotten when this process writes the setting).
      return (await deps.businesses.allowsOrigin(deps.sql, origin, slug)) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'X-Arrivo-Tracking-Token', 'X-Arrivo-Survey-Token'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    credentials: true,
    maxAge: 600,
  });
}
