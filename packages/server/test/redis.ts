import { createConnection } from 'node:net';

/** Whether something answers on 127.0.0.1:6379. */
export function redisAnswers(): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port: 6379 });
    socket.setTimeout(500, () => (socket.destroy(), done(false)));
    socket.once('connect', () => (socket.end(), done(true)));
    socket.once('error', () => done(false));
  });
}

/**
 * The Redis to test the Redis bus against: REDIS_URL, or the one on 127.0.0.1:6379 when it
 * answers. Without either, the Redis cases fail (a skip would hide a transport nobody tested)
 * unless ARRIVO_NO_REDIS=1 says this machine has none on purpose.
 */
export async function testRedisUrl(): Promise<string | undefined> {
  return process.env.REDIS_URL ?? ((await redisAnswers()) ? 'redis://127.0.0.1:6379' : undefined);
}

/** Run the Redis cases unless ARRIVO_NO_REDIS=1 (then they are skipped, visibly). */
export const redisExpected = process.env.ARRIVO_NO_REDIS !== '1';

export const NO_REDIS =
  'No Redis: set REDIS_URL or run redis-server on 127.0.0.1:6379 (.ci/run starts one), or set ARRIVO_NO_REDIS=1 to skip the Redis live-bus cases on purpose.';
