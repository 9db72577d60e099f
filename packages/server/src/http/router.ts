import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { AppError } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { guardFor, type Audience } from './access';
import type { AppEnv } from './app-env';

export type { Audience } from './access';

// Every validation failure, whatever part of the request, answers the same shape.
const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const issues = result.error.issues.map((issue) => ({
    path: [result.target, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: issue.message,
  }));
  const where = issues.map((i) => i.path.join('.')).join(', ');
  throw new AppError('validation_failed', `The request is not valid: check ${where}.`, { issues });
};

const bearer = [{ bearer: [] }];

/**
 * A sub-app for one audience; its routes validate with zod and appear in the OpenAPI document.
 * Who may call it is declared here, not by URL prefix: every route registered with `.openapi()`
 * runs the audience's guard before validation and its handler, so a new sub-app is closed until it
 * says otherwise ('anyone'), and the OpenAPI document names the bearer scheme for every closed route.
 */
export function createRouter(deps: Pick<AppDeps, 'auth' | 'sql'>, audience: Audience): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const guard = guardFor(deps, audience);
  const register = router.openapi;
  router.openapi = ((route, ...rest) => {
    const own = route.middleware ? [route.middleware].flat() : [];
    const security = audience === 'anyone' ? route.security : bearer;
    return register({ ...route, security, middleware: [...guard, ...own] }, ...rest);
  }) as typeof router.openapi;
  return router;
}
