import { z } from '@hono/zod-openapi';
import { errorBodySchema, slugSchema } from '@arrivo/core';

/** A JSON response in a route definition. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const ERROR_MEANING: Record<number, string> = {
  400: 'Invalid input (`validation_failed`, `malformed_json`, or a specific code)',
  401: 'Not signed in (`unauthenticated`) or wrong credentials',
  403: 'Signed in without the role or access this needs',
  404: 'Unknown business or id, or one that belongs to someone else',
  409: 'Conflicts with existing data',
  422: 'Refers to something that cannot be used here; `plugin_veto`: a plugin the business uses refused the change (its reason for the customer in `message` and `details.reason`, in the language of the request’s `Accept-Language` when the plugin translates it)',
  429: 'Too many attempts (`rate_limited`, see `Retry-After`)',
  503: '`plugin_unavailable`: a plugin the business uses failed or did not answer in time; nothing was changed, try again',
};

/** The error responses a route can give, all in the one error shape. */
export const errors = (...statuses: (keyof typeof ERROR_MEANING)[]) =>
  Object.fromEntries(statuses.map((s) => [s, json(errorBodySchema, ERROR_MEANING[s]!)])) as Record<number, ReturnType<typeof json>>;

export const noContent = { description: 'Done' };

export const businessParams = z.object({ business: slugSchema });
export const withId = <K extends string>(key: K) => businessParams.extend({ [key]: z.uuid() } as Record<K, z.ZodUUID>);

/** Routes that need a signed-in user name the bearer scheme (a same-site session cookie also works). */
export const signedIn = [{ bearer: [] }];
