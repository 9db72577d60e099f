import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { AppError } from '@arrivo/core';
import type { AppEnv } from './http/app-env';
import { handleError } from './http/errors';
import { requestLog } from './http/request-log';
import { healthRoutes } from './routes/health';
import { publicRoutes } from './routes/public';
import type { Sql } from './db/client';
import type { Logger } from './log';

export interface AppDeps {
  sql: Sql;
  log: Logger;
  version: string;
}

export type App = OpenAPIHono<AppEnv>;

/**
 * The whole HTTP surface under `/api`. Callers may add more routes (static pages) after it;
 * any unknown `/api/*` path answers `route_not_found` rather than falling through to them.
 */
export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(handleError);

  app.use('/api/*', requestId(), requestLog(deps.log));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 1024 * 1024,
      // The rest of the body is never read, so the connection cannot be reused.
      onError: (c) => {
        c.header('Connection', 'close');
        return c.json(new AppError('payload_too_large').toBody(), 413);
      },
    }),
  );

  app.route('/api', healthRoutes(deps));
  app.route('/api', publicRoutes(deps));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Arrivo API', version: deps.version, description: 'Self-scheduling for field-service businesses.' },
  });
  app.all('/api/*', () => {
    throw new AppError('route_not_found');
  });
  return app;
}
