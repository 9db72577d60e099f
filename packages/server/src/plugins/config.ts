// arrivo.config.ts: the plugins an installation runs, in code (`export default { plugins: [...] }`).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StartError } from '../start-error';
import type { PluginEntry } from './registry';

export interface ArrivoConfig {
  plugins?: PluginEntry[];
}

/** For typing a config file: `export default defineConfig({ plugins: [...] })`. */
export function defineConfig(config: ArrivoConfig): ArrivoConfig {
  return config;
}

/**
 * Read the config: the file ARRIVO_CONFIG names (it must exist), or `arrivo.config.ts` in the
 * working folder when there is one; none means no plugins. TypeScript files need the process to
 * run under tsx, as `npm start` and the CLIs do.
 */
export async function loadArrivoConfig(file?: string, cwd = process.cwd()): Promise<{ file?: string; plugins: PluginEntry[] }> {
  const path = resolve(cwd, file ?? 'arrivo.config.ts');
  if (!existsSync(path)) {
    if (file) throw new StartError(`ARRIVO_CONFIG names ${path}, which does not exist.`);
    return { plugins: [] };
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (err) {
    throw new StartError(`The config ${path} could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
  const config = mod.default as ArrivoConfig | undefined;
  if (!config || typeof config !== 'object' || (config.plugins !== undefined && !Array.isArray(config.plugins))) {
    throw new StartError(`The config ${path} must export default { plugins: [...] } (each entry a plugin, or [plugin, options]).`);
  }
  return { file: path, plugins: config.plugins ?? [] };
}
