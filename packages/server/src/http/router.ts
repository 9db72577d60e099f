import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { AppError } from '@arrivo/core';
import type { AppEnv } from './app-env';

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

/** A sub-app for one domain; its routes validate with zod and appear in the OpenAPI document. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
