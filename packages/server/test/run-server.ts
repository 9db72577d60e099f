// The real server in a process of its own, started and stopped as `npm start` does (embedded
// PostgreSQL unless DATABASE_URL, Ctrl-C to stop), for tests that watch it survive or stop.
// Prints one JSON line {"ready": {...}} when it serves.
import { loadEnv } from '../src/env';
import { startServer, stopOnSignals } from '../src/server';

const server = await startServer({ env: { ...loadEnv(), PORT: 0 } });
stopOnSignals(server);
console.log(JSON.stringify({ ready: { url: server.url, databaseUrl: server.db.url, dataDir: server.db.embedded?.dataDir } }));
