import { ApiError } from '../../../api/api-error';

/** The API's own words about each refused body field (`issues[].path` is `['json', field, …]`), by field. */
export function issueMessages(err: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (err instanceof ApiError && err.code === 'validation_failed') {
    for (const issue of err.issues ?? []) {
      if (issue.path[0] === 'json' && typeof issue.path[1] === 'string' && !out.has(issue.path[1])) out.set(issue.path[1], issue.message);
    }
  }
  return out;
}

/** The placeholders (`{name}`) an "unknown placeholders …; the … message offers …" issue names as unknown. */
export const unknownNamed = (issue: string | undefined): string[] =>
  issue?.startsWith('unknown placeholders') ? [...(issue.split(';')[0] ?? '').matchAll(/\{[^{}]*\}/g)].map((m) => m[0]) : [];
