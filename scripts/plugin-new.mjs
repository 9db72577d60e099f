// `npm run plugin:new -- <id>`: a new plugin package, packages/plugin-<id>/, that builds on
// @arrivo/sdk alone: a definePlugin skeleton (options, business settings, a before-hook and an
// after-hook), a test on @arrivo/sdk/testing, and a README. `--dir <folder>` puts it elsewhere.
// The walk-through in docs/plugins.md starts here.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');

function fail(message) {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
const dirAt = args.indexOf('--dir');
const packagesDir = dirAt >= 0 ? resolve(args[dirAt + 1] ?? fail('--dir needs a folder')) : join(repo, 'packages');
const names = dirAt >= 0 ? args.filter((_, i) => i !== dirAt && i !== dirAt + 1) : args;
if (names.length !== 1) fail('Usage: npm run plugin:new -- <id>   (e.g. npm run plugin:new -- closing-early)');
const id = names[0];

// The same rule definePlugin applies, minus a doubled prefix (the folder adds `plugin-`).
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id) || id.length > 41) {
  fail(`"${id}" is not a plugin id: use lowercase letters, digits and single dashes, starting with a letter (e.g. closing-early).`);
}
if (id.startsWith('plugin-')) fail(`Leave out the "plugin-" prefix: the package folder adds it (npm run plugin:new -- ${id.slice(7)}).`);
const dir = join(packagesDir, `plugin-${id}`);
if (existsSync(dir)) fail(`${relative(process.cwd(), dir) || dir} already exists: pick another id.`);

const sdkVersion = JSON.parse(readFileSync(join(repo, 'packages', 'sdk', 'package.json'), 'utf8')).version;
const sdkContract = /export const SDK_VERSION = '(\d+)\.(\d+)\.\d+'/.exec(readFileSync(join(repo, 'packages', 'sdk', 'src', 'server.ts'), 'utf8'));
const serverVersion = JSON.parse(readFileSync(join(repo, 'packages', 'server', 'package.json'), 'utf8')).version;
const zodVersion = JSON.parse(readFileSync(join(repo, 'packages', 'server', 'package.json'), 'utf8')).dependencies.zod;
const camel = id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const title = id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

const files = {
  'package.json': `${JSON.stringify(
    {
      name: `@arrivo/plugin-${id}`,
      version: '0.1.0',
      description: `${title}: an Arrivo plugin`,
      type: 'module',
      exports: { '.': './src/index.ts' },
      dependencies: { zod: zodVersion },
      peerDependencies: { '@arrivo/sdk': `^${sdkVersion}` },
      // The test harness (@arrivo/sdk/testing) runs the real server.
      devDependencies: { '@arrivo/sdk': sdkVersion, '@arrivo/server': serverVersion },
    },
    null,
    2,
  )}\n`,

  'src/index.ts': `// ${title}: an Arrivo plugin. It sees Arrivo only through @arrivo/sdk/server (see docs/plugins.md).
import { definePlugin } from '@arrivo/sdk/server';
import { z } from 'zod';

/** Install-time options: given once in arrivo.config.ts, checked when the server starts. */
const options = z.object({
  /** Tagged onto each booking's comments, so staff see the plugin was there. */
  tag: z.string().default('${id}'),
});

/** Each business's settings for the plugin: saved by its admins, checked on save. */
const businessSettings = z.object({
  /** Service types (by key) customers of this business may not book online. */
  phoneOnly: z.array(z.string()).default([]),
});

export const ${camel} = definePlugin({
  id: '${id}',
  version: '0.1.0',
  // The SDK contract this plugin is written against (checked at boot).
  sdk: '^${sdkContract ? `${sdkContract[1]}.${sdkContract[2]}` : '1'}',
  options,
  businessSettings,
  hooks: {
    // Runs inside the booking's transaction: go on (return nothing), patch, or veto.
    'booking.create.before': (draft, ctx) => {
      if (ctx.settings?.phoneOnly.includes(draft.serviceType.key)) {
        // The customer reads this message as it is.
        return { veto: { code: 'phone_only', message: 'Please call us to book this service.' } };
      }
      return { patch: { comments: \`[\${ctx.options.tag}] \${draft.comments ?? ''}\`.trim() } };
    },
    // Runs after the booking is committed, through the job queue (retried when it throws).
    'booking.created.after': (event, ctx) => {
      ctx.log.info({ bookingId: event.payload.bookingId }, 'booking created');
    },
  },
});

export default ${camel};
`,

  'src/index.test.ts': `// A real Arrivo server with the test business ("test-co") and this plugin enabled for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@arrivo/sdk/testing';
import { ${camel} } from './index';

describe('${id}', () => {
  let arrivo: TestServer;
  beforeAll(async () => {
    arrivo = await startTestServer({
      plugins: [[${camel}, { tag: 'T' }]],
      enable: { '${id}': { phoneOnly: ['ac-repair'] } },
    });
  }, 60_000); // a server and its PostgreSQL: longer than vitest's default hook time-out
  afterAll(() => arrivo?.close());

  it('tags the comments of a booking, then logs it after commit', async () => {
    const result = await arrivo.book({ serviceType: 'drain-cleaning', comments: 'Side door' });
    expect(result.booking?.comments).toBe('[T] Side door');
    await arrivo.eventually(() => arrivo.logs('${id}').find((line) => line.bookingId === result.booking!.id));
  });

  it('refuses the service types the business takes by phone only', async () => {
    const result = await arrivo.book({ serviceType: 'ac-repair' });
    expect(result.status).toBe(422);
    expect(result.error).toMatchObject({ code: 'plugin_veto', message: 'Please call us to book this service.' });
  });
});
`,

  'README.md': `# @arrivo/plugin-${id}

${title}: an Arrivo plugin.

## Install

In \`arrivo.config.ts\`:

\`\`\`ts
import { defineConfig } from '@arrivo/server';
import { ${camel} } from '@arrivo/plugin-${id}';

export default defineConfig({ plugins: [[${camel}, { tag: '${id}' }]] });
\`\`\`

Then each business enables it (admins): \`PATCH /api/businesses/{business}/admin/plugins/${id}\` with
\`{ "enabled": true, "settings": { "phoneOnly": ["ac-repair"] } }\`.

## Options (install time)

| option | default | meaning |
|---|---|---|
| \`tag\` | \`${id}\` | put in front of every booking's comments |

## Business settings

| setting | default | meaning |
|---|---|---|
| \`phoneOnly\` | \`[]\` | service type keys customers cannot book online |

## Develop

\`\`\`sh
npx vitest run packages/plugin-${id}
\`\`\`

Versioning: \`version\` in \`src/index.ts\` and \`package.json\` follow semver; \`sdk\` is the SDK contract
range the plugin needs. See docs/plugins.md.
`,
};

mkdirSync(join(dir, 'src'), { recursive: true });
for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
const shown = relative(process.cwd(), dir) || dir;
console.log(`Created ${shown}/ (${Object.keys(files).join(', ')}).
Next: npm install (links the new workspace package), then npx vitest run ${shown}`);
