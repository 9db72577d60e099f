// Element tests in headless Chromium (Debian's /usr/bin/chromium) against the real API server,
// called cross-origin with CORS and bearer tokens, exactly as from a business's own website.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Starts scripts/test-api-server.ts once, allowing the test page's origin, and reads its mailbox. */
function realApi() {
  let child;
  let apiUrl;
  return {
    name: 'arrivo-real-api',
    async serverStart({ config }) {
      child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test-api-server.ts'], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, DATABASE_URL: '', ARRIVO_TEST_ORIGIN: `http://${config.hostname}:${config.port}` },
      });
      apiUrl = await new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`test API server exited (${code})`)));
        // The first line carrying `url` (log lines may come before it, e.g. when the build is missing).
        createInterface({ input: child.stdout }).on('line', (line) => {
          const url = /^\{"url":/.test(line) ? JSON.parse(line).url : undefined;
          if (url) resolve(url);
        });
      });
    },
    serverStop: () => child?.kill('SIGTERM'),
    transform(context) {
      // Tell the test pages where the API is.
      if (context.response.is('html')) {
        return { body: context.body.replace('<head>', `<head><script>window.ARRIVO_TEST_API = ${JSON.stringify(`${apiUrl}/api`)};</script>`) };
      }
    },
    async executeCommand({ command, payload, session }) {
      if (command === 'arrivo-emulate-timezone') {
        // As if the browser ran in another zone (the machines' own zone must not decide a test).
        await session.browser.getPage(session.id).emulateTimezone(payload?.zone); // none: the machine's own
        return true;
      }
      if (command === 'arrivo-geolocation') {
        // The page's geolocation, through Chromium's own emulation: allowed with a position, or denied.
        const page = session.browser.getPage(session.id);
        const context = page.browserContext();
        const origin = new URL(page.url()).origin;
        if (payload?.deny) {
          // As when the person chose Block: the page's requests fail at once with PERMISSION_DENIED.
          await context.clearPermissionOverrides();
          await context.setPermission(origin, { permission: { name: 'geolocation' }, state: 'denied' });
        } else {
          await context.overridePermissions(origin, ['geolocation']);
          if (payload?.lat !== undefined) await page.setGeolocation({ latitude: payload.lat, longitude: payload.lon, accuracy: payload.accuracy ?? 10 });
        }
        return true;
      }
      if (command === 'arrivo-technician-visit') {
        const res = await fetch(`${apiUrl}/__test__/technician-visits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        return (await res.json()).id;
      }
      if (command === 'arrivo-fix') {
        const res = await fetch(`${apiUrl}/__test__/bookings/${payload.id}/fix`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        if (!res.ok) throw new Error(`fix refused: ${res.status} ${await res.text()}`);
        return res.json();
      }
      if (command === 'arrivo-survey-link') {
        const res = await fetch(`${apiUrl}/__test__/bookings/${payload.id}/survey-link`, { method: 'POST' });
        if (!res.ok) throw new Error(`no survey link: ${res.status} ${await res.text()}`);
        return (await res.json()).token;
      }
      if (command === 'arrivo-dead-notification') {
        const res = await fetch(`${apiUrl}/__test__/notifications/dead`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        if (!res.ok) throw new Error(`no message to ${payload.recipient}: ${res.status}`);
        return (await res.json()).id;
      }
      if (command === 'arrivo-forget-address-limits') {
        await fetch(`${apiUrl}/__test__/forget-address-limits`, { method: 'POST' });
        return true;
      }
      if (command === 'arrivo-set-status') {
        await fetch(`${apiUrl}/__test__/bookings/${payload.id}/status/${payload.status}`, { method: 'POST' });
        return true;
      }
      if (command !== 'arrivo-last-mail') return undefined;
      // The newest email to payload.to in the server's dev mailbox (containing payload.contains),
      // as text. Emails are sent by the server's job worker just after the request: wait for it.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
        const list = await (await fetch(`${apiUrl}/dev/mailbox`)).text();
        const rows = [...list.matchAll(/<td>([^<]*)<\/td>\s*<td><a href="\/dev\/mailbox\/(\d+)">/g)];
        const row = rows.find(([, to]) => to === payload.to);
        if (!row) continue;
        const page = await (await fetch(`${apiUrl}/dev/mailbox/${row[2]}`)).text();
        const text = (/<pre data-mail-text>([\s\S]*?)<\/pre>/.exec(page)?.[1] ?? '')
          .replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
        if (!payload.contains || text.includes(payload.contains)) return text;
      }
      return null;
    },
  };
}

export default {
  files: ['packages/elements/src/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  plugins: [realApi(), esbuildPlugin({ ts: true, tsconfig: 'packages/elements/tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
      },
    }),
  ],
};
