import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A port something listens on for the whole test file: for testing what a clash does. */
export function useTakenPort(): { readonly port: number } {
  let blocker: Server | undefined;
  let port = 0;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((done) => blocker!.listen(0, '127.0.0.1', done));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((done) => (blocker ? blocker.close(() => done()) : done())));
  return {
    get port() {
      return port;
    },
  };
}
