import { ApiError } from '../../../api/api-error';
import { addDays } from '@arrivo/core';

/** The query fields a validation failure names (`issues[].path` is `['query', field]`). */
export function invalidQuery(err: unknown): Set<string> {
  const fields = new Set<string>();
  if (err instanceof ApiError && err.code === 'validation_failed') {
    for (const issue of err.issues ?? []) if (issue.path[0] === 'query' && typeof issue.path[1] === 'string') fields.add(issue.path[1]);
  }
  return fields;
}

/** Today on the browser's calendar (the filters' default). */
export const today = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};

/** The instants a day range of the browser's calendar covers: `from` at midnight to the midnight after `to`. */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  return {
    from: from ? new Date(`${from}T00:00`).toISOString() : undefined,
    to: to ? new Date(`${addDays(to, 1)}T00:00`).toISOString() : undefined,
  };
}
