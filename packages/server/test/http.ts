import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { Hono } from 'hono';
import { createLogger } from '../src/log';

export const silentLog = createLogger('silent');

/** Serve `makeApp()` over real HTTP on a free port for the duration of the test file. */
export function useHttp(makeApp: () => Hono<any> | Promise<Hono<any>>): { readonly url: string } {
  let server: Server | undefined;
  let url = '';
  beforeAll(async () => {
    const app = await makeApp();
    server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });
  return {
    get url() {
      return url;
    },
  };
}
