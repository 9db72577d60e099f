// Declarations for the npm package: `tsc` (7) emits .d.ts for the public entry points and for
// @arrivo/core (bundled into the package's JavaScript, so its types ship with it too), then the
// specifiers are made to resolve inside the package under any moduleResolution:
//   '@arrivo/core'   → the shipped copy (dist/types/core/index.js)
//   '@arrivo/sdk/client' → the shipped copy of the client plugin types (dist/types/sdk/client.js),
//                      which the elements' `plugins` properties name (the registry code itself is
//                      bundled into the package's JavaScript like core)
//   './x' (no ext.)  → './x.js' or './x/index.js', as node16/nodenext resolution requires
//   import("lit-html") → import("lit"), which re-exports it (lit-html is not a direct dependency).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const root = 'packages/elements';
const out = join(root, 'dist', 'types');
const emitted = mkdtempSync(join(tmpdir(), 'arrivo-types-'));

try {
  execFileSync(join('node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json'), '--outDir', emitted], { stdio: 'inherit' });
  rmSync(out, { recursive: true, force: true });
  // packages/elements/src/** → dist/types/**, packages/core/src/** → dist/types/core/**
  copyTree(join(emitted, 'elements', 'src'), out, join(emitted, 'elements', 'src'));
  copyTree(join(emitted, 'core', 'src'), join(out, 'core'), join(emitted, 'core', 'src'));
  if (existsSync(join(emitted, 'sdk', 'src'))) copyTree(join(emitted, 'sdk', 'src'), join(out, 'sdk'), join(emitted, 'sdk', 'src'));
} finally {
  rmSync(emitted, { recursive: true, force: true });
}
const dangling = unresolved(out);
if (dangling.length) {
  console.error(`Declarations import files that were not emitted:\n  ${dangling.join('\n  ')}`);
  process.exit(1);
}

/** Every relative import in the shipped .d.ts must name a shipped .d.ts. */
function unresolved(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.d.ts'))
    .flatMap((f) =>
      [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)\.js['"]/g)]
        .map(([, spec]) => join(dirname(join(dir, f)), `${spec}.d.ts`))
        .filter((target) => !existsSync(target))
        .map((target) => `${f} → ${relative(dir, target)}`),
    );
}

function copyTree(from, to, base) {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) {
      copyTree(source, join(to, name), base);
      continue;
    }
    const target = join(to, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, rewrite(readFileSync(source, 'utf8'), dirname(source), dirname(target)));
  }
}

function rewrite(text, sourceDir, targetDir) {
  return text.replace(/(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g, (all, lead, quote, spec) => {
    let next = spec;
    if (spec === '@arrivo/core') next = relativeSpec(targetDir, join(out, 'core', 'index.js'));
    else if (spec === '@arrivo/sdk/client') next = relativeSpec(targetDir, join(out, 'sdk', 'client.js'));
    else if (spec === 'lit-html') next = 'lit';
    else if (spec.startsWith('.') && !/\.js$/.test(spec)) {
      next = existsSync(join(sourceDir, spec)) && statSync(join(sourceDir, spec)).isDirectory() ? `${spec}/index.js` : `${spec}.js`;
    }
    return `${lead}${quote}${next}${quote}`;
  });
}

function relativeSpec(fromDir, file) {
  const spec = relative(fromDir, file).split('\\').join('/');
  return spec.startsWith('.') ? spec : `./${spec}`;
}
