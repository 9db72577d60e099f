// What both end-to-end journeys share: the demo server on a throw-away embedded PostgreSQL, headless
// Chromium, Content-Security-Policy violations recorded on every page (a journey asserts there are
// none), map tiles cut off as if offline, and steps that keep a screenshot of each page on failure.
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadEnv, startServer, type RunningServer } from '@arrivo/server';
import { freePort } from '../../packages/server/test/free-port';
import { hostDemo } from '../host';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = '.test-artifacts';
const TILE_HOST = /^https:\/\/tile\.openstreetmap\.org\//;

export interface Journey {
  server: RunningServer;
  browser: Browser;
  /** Content-Security-Policy violations on any page, as "path: directive blocked URI". */
  violations: string[];
  /** Requests for map tiles (each allowed by the CSP, then cut off as if offline). */
  tileRequests: string[];
  /** Record CSP violations and cut the tile host off, for every page of a context. */
  watch(context: BrowserContext): Promise<void>;
  /**
   * Run one step; on failure keep a screenshot of each named page as it was
   * (`.test-artifacts/<prefix><step>-<name>.png`).
   */
  step(name: string, run: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startJourney(options: { prefix: string; plugins?: NonNullable<Parameters<typeof startServer>[0]>['plugins']; pages: () => Record<string, Page | undefined> }): Promise<Journey> {
  const dataDir = await mkdtemp(join(tmpdir(), 'arrivo-e2e-'));
  await chmod(dataDir, 0o755);
  const env = { ...loadEnv({ LOG_LEVEL: 'warn' }), DATABASE_URL: undefined, PORT: 0, ARRIVO_DATA_DIR: join(dataDir, 'pg'), ARRIVO_PG_PORT: await freePort() };
  const server = await startServer({ env, plugins: options.plugins, configure: (app, deps) => hostDemo(app, deps) });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  const violations: string[] = [];
  const tileRequests: string[] = [];

  async function watch(context: BrowserContext) {
    await context.exposeBinding('__arrivoCspViolation', (_source, violation: string) => void violations.push(violation));
    // Runs in each page (as text: this file is type-checked without the DOM's types).
    await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      window.__arrivoCspViolation(location.pathname + ': ' + e.effectiveDirective + ' blocked ' + e.blockedURI));`);
    await context.route(TILE_HOST, (route) => {
      tileRequests.push(route.request().url());
      return route.abort('internetdisconnected');
    });
  }

  return {
    server,
    browser,
    violations,
    tileRequests,
    watch,
    async step(name, run) {
      try {
        await run();
      } catch (err) {
        await mkdir(ARTIFACTS, { recursive: true });
        const files: string[] = [];
        for (const [who, page] of Object.entries(options.pages())) {
          if (!page) continue;
          const file = join(ARTIFACTS, `${options.prefix}${name.replace(/\W+/g, '-')}-${who}.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          files.push(file);
        }
        console.error(`step "${name}" failed; screenshots: ${files.join(', ')}`);
        throw err;
      }
    },
    async close() {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
