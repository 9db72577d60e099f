import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { silentLog } from '../../test/http';
import { connect } from './client';
import { DatabaseMonitor } from './monitor';

describe('DatabaseMonitor.health', () => {
  const db = useTestDatabase();

  it('asks through the pool the requests use (not a connection of its own), and turns the guard on when it fails', async () => {
    const monitor = new DatabaseMonitor(db.url, silentLog);
    const dead = connect('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    expect((await monitor.health(dead)).ok).toBe(false);
    expect(monitor.available).toBe(false);
    // The real database is there, so the monitor's own probe brings it back.
    await expect.poll(() => monitor.available, { timeout: 5000 }).toBe(true);
    monitor.close();
    await dead.end({ timeout: 0 });
  });

  it('gives up on a query that does not answer within its timeout', async () => {
    const monitor = new DatabaseMonitor(db.url, silentLog, { timeoutMs: 100 });
    const busy = connect(db.url, { max: 1 });
    const sleeping = busy`SELECT pg_sleep(1)`.execute();
    const started = performance.now();
    const status = await monitor.health(busy); // queued behind the sleep on the only connection
    expect(status.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(900);
    await sleeping;
    monitor.close();
    await busy.end({ timeout: 0 });
  });
});
