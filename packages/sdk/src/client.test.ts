import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_PLUGINS, clientPluginsFor, defineClientPlugin, registerClientPlugin, registeredClientPlugins } from './client';

const html = () => ({}) as never;

describe('the page-wide client plugin registry', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[CLIENT_PLUGINS];
    vi.restoreAllMocks();
  });

  it('keeps plugins on globalThis, so a second copy of this module sees them', async () => {
    const a = defineClientPlugin({ id: 'parts-check', version: '1.0.0', fields: { picker: html } });
    expect(registerClientPlugin(a)).toBe(true);
    // Another bundle's copy of the SDK: a separate module instance.
    const other = (await import('./client?second-bundle' as string)) as typeof import('./client');
    expect(other.registerClientPlugin).not.toBe(registerClientPlugin);
    expect(other.registeredClientPlugins()).toEqual([a]);
    const b = other.defineClientPlugin({ id: 'lead-time', fields: {} });
    expect(other.registerClientPlugin(b)).toBe(true);
    expect(registeredClientPlugins().map((p) => p.id)).toEqual(['parts-check', 'lead-time']);
  });

  it('takes the same plugin twice (another bundle’s copy) quietly, and refuses a different one under its id', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const first = defineClientPlugin({ id: 'ev-charger', version: '1.0.0', fields: { 'panel-amps': html }, messages: { es: {} } });
    expect(registerClientPlugin(first)).toBe(true);
    expect(registerClientPlugin(first)).toBe(true);
    expect(registerClientPlugin({ ...first })).toBe(true);
    expect(error).not.toHaveBeenCalled();

    expect(registerClientPlugin({ ...first, version: '2.0.0' })).toBe(false);
    expect(registerClientPlugin({ id: 'ev-charger', fields: { other: html } })).toBe(false);
    expect(error).toHaveBeenCalledTimes(2);
    expect(String(error.mock.calls[0]![0])).toMatch(/client plugin "ev-charger" 2\.0\.0 not registered: a different plugin "ev-charger" 1\.0\.0 is registered/);
    expect(registeredClientPlugins()).toEqual([first]);

    expect(registerClientPlugin({ id: 'Not An Id' })).toBe(false);
    expect(() => defineClientPlugin({ id: 'x y' })).toThrow(/lowercase/);
    expect(() => defineClientPlugin({ id: 'ok-id', fields: { 'a b': html } })).toThrow(/widget name "a b"/);
  });

  it('gives an element its own plugins first, then the page’s', () => {
    const page = { id: 'ev-charger', version: '1.0.0' };
    const own = { id: 'ev-charger', version: '1.1.0' };
    registerClientPlugin(page);
    registerClientPlugin({ id: 'holidays' });
    expect([...clientPluginsFor([own]).values()]).toEqual([own, { id: 'holidays' }]);
    expect([...clientPluginsFor().values()].map((p) => p.id)).toEqual(['ev-charger', 'holidays']);
  });
});
