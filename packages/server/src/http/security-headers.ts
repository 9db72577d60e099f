import type { MiddlewareHandler } from 'hono';

/** On every API answer (errors too): no MIME sniffing, and no URL of ours in other sites' Referer. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  };
}

/** For answers that carry a token, code or session: never kept by a browser or proxy cache. */
export function noStore(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
}
