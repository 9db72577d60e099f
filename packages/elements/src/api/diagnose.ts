import { ApiError } from './api-error';
import type { Connection } from './http';

/**
 * Why the service gave no answer this page may read: a `network_error` is, when the service does
 * answer a `no-cors` request (which the browser lets through but keeps opaque), the service
 * refusing this page's origin. A probe, so only for a diagnosis (`<arrivo-health>`): a connection
 * that dropped while the service is up would look the same. Other errors come back as they are.
 */
export async function diagnose(c: Connection, err: unknown): Promise<unknown> {
  if (!(err instanceof ApiError) || err.code !== 'network_error') return err;
  const reachable = await fetch(c.url(''), { mode: 'no-cors', signal: AbortSignal.timeout(5000) }).then(
    () => true,
    () => false,
  );
  const origin = window.location.origin;
  return reachable
    ? new ApiError('origin_not_allowed', `This page's origin (${origin}) is not allowed to use the booking service of "${c.business}".`, 0, {
        details: { origin, business: c.business },
      })
    : err;
}
