// The server for `bench:tracking -- --driver bus`: test/run-server.ts, plus messages from the
// benchmark over IPC published on this process's live bus (as the location service does after a
// fix commits), to time the streams alone, without the fix's own processing.
import type { LiveMessage } from '@arrivo/core';
import type { LiveTopic } from '../src/live/bus';
import { loadEnv, startServer, stopOnSignals, type AppDeps } from '../src/index';

let deps: AppDeps | undefined;
const server = await startServer({ env: { ...loadEnv(), PORT: 0 }, configure: (_app, d) => void (deps = d) });
stopOnSignals(server);
process.on('message', (m: { topics: LiveTopic[]; message: LiveMessage }) => {
  for (const topic of m.topics) void deps!.live.publish(topic, m.message);
});
console.log(JSON.stringify({ ready: { url: server.url, databaseUrl: server.db.url, dataDir: server.db.embedded?.dataDir } }));
