// Element tests in headless Chromium (Debian's /usr/bin/chromium), against the real API server.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Starts scripts/test-api-server.ts once and forwards /api/* to it, so tests call it same-origin. */
function realApi() {
  let child;
  let ready;
  const start = () =>
    (ready ??= new Promise((resolve, reject) => {
      child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test-api-server.ts'], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, DATABASE_URL: '' },
      });
      child.once('exit', (code) => reject(new Error(`test API server exited (${code})`)));
      createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line).url));
    }));
  return {
    name: 'arrivo-real-api',
    serverStart: start,
    serverStop: () => child?.kill('SIGTERM'),
    async middleware(ctx, next) {
      if (!ctx.path.startsWith('/api/')) return next();
      const target = `${await start()}${ctx.url}`;
      const body = ['GET', 'HEAD'].includes(ctx.method) ? undefined : ctx.req;
      const res = await fetch(target, { method: ctx.method, headers: ctx.request.headers, body, duplex: 'half' });
      ctx.status = res.status;
      res.headers.forEach((value, key) => {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(key)) ctx.set(key, value);
      });
      ctx.body = Buffer.from(await res.arrayBuffer());
    },
  };
}

const api = realApi();

export default {
  files: ['packages/elements/src/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  middleware: [api.middleware],
  plugins: [
    api,
    esbuildPlugin({ ts: true, tsconfig: 'packages/elements/tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
      },
    }),
  ],
};
