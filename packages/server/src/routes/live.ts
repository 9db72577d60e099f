// The live stream: server-sent events for whatever the caller may follow (see services/live-updates).
import { createRoute, z } from '@hono/zod-openapi';
import { text } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { clientIp } from '../http/access';
import { businessParams, errors } from '../http/openapi';
import { createRouter } from '../http/router';
import { liveSubscription, openLiveStream } from '../services/live-updates';

const stream = createRoute({
  method: 'get',
  path: '/businesses/{business}/live',
  tags: ['live'],
  summary: 'Live updates as server-sent events',
  description: [
    'One stream per page. Identify with `Authorization: Bearer <token>` (a customer hears their account’s visits, a technician',
    'their own, staff the whole business) or with `X-Arrivo-Tracking-Token` (a tracking link: that one visit). Never put a',
    'token in the URL. Events: `booking.status`, `booking.changed`, `tracking.position`, `tracking.arriving` (data as in',
    '`liveMessageSchemas`), `resync` (refetch: messages may have been missed), `end` (`{reason}`: `expired` — the session or',
    'link is over, sign in again; `forbidden` — no longer allowed (account deactivated, role removed, technician unlinked);',
    '`changed` — the caller may now follow something else, reconnect; `replaced` — more than 10 streams of one session or link',
    'were open and this, the oldest, made way: do not reconnect, poll; `shutdown`, `too_slow` — reconnect). Access is checked',
    'again every 30 s (`LIVE_RECHECK_SECONDS`). A `:` comment line at least every 25 s. Send `Last-Event-ID` to resume.',
    'Opening streams is limited per client address (429 `rate_limited`).',
  ].join(' '),
  security: [{ bearer: [] }, { trackingToken: [] }],
  request: {
    params: businessParams,
    headers: z.object({
      'last-event-id': text.max(200).optional(),
      'x-arrivo-tracking-token': text.max(200).optional(),
    }),
  },
  responses: {
    200: { description: 'The event stream; it stays open', content: { 'text/event-stream': { schema: z.string() } } },
    ...errors(400, 401, 403, 404, 429),
  },
});

export function liveRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'liveStreams' | 'trustProxy'>) {
  // `anyone`: the service decides, since a tracking link's holder has no session.
  const router = createRouter(deps, 'anyone');
  router.openAPIRegistry.registerComponent('securitySchemes', 'trackingToken', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Arrivo-Tracking-Token',
    description: 'The token of a tracking link (from the link’s URL fragment): follows that one visit, without signing in.',
  });
  return router.openapi(stream, async (c) => {
    const subscription = await liveSubscription(deps, c.get('business'), c.req.raw.headers, clientIp(c, deps.trustProxy));
    const body = openLiveStream(deps, subscription, c.req.header('last-event-id'));
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Proxies (nginx) must pass events on at once rather than buffer them.
        'x-accel-buffering': 'no',
      },
    }) as never;
  });
}
