import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PortInUseError, startEmbeddedPostgres } from './embedded';

describe('embedded PostgreSQL', () => {
  it('explains clearly when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as { port: number };
    try {
      const attempt = startEmbeddedPostgres({ dataDir: '/nonexistent/never-created', port });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(/ARRIVO_PG_PORT|DATABASE_URL/);
    } finally {
      blocker.close();
    }
  });
});
