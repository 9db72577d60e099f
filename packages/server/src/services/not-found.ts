import { AppError } from '@arrivo/core';

/** The one "there is no such …" answer (404 `not_found`), for anything looked up by id in a business. */
export const notFound = (what: string) => new AppError('not_found', `There is no such ${what}.`);

/** `value`, or a `notFound(what)` when there is none. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}
