import { describe, expect, it } from 'vitest';
import { definePlugin, PluginDefinitionError, sdkSatisfies } from './server';

const base = { id: 'ev-charger', version: '1.0.0', sdk: '^1' };

describe('definePlugin', () => {
  it('accepts a well-formed plugin and freezes it', () => {
    const plugin = definePlugin({ ...base, serviceTypes: [{ key: 'ev-install', label: 'EV charger install', duration: 180, requiredSkills: ['electrical'] }] });
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(plugin.serviceTypes![0]!.key).toBe('ev-install');
  });

  it('fails fast on a bad id, version, SDK range, duplicate service type or unprefixed migration', () => {
    expect(() => definePlugin({ ...base, id: 'EV Charger' })).toThrow(PluginDefinitionError);
    expect(() => definePlugin({ ...base, version: 'one' })).toThrow(/semver/);
    expect(() => definePlugin({ ...base, sdk: '^2' })).toThrow(/needs SDK \^2/);
    const type = { key: 'x', label: 'X', duration: 30, requiredSkills: [] };
    expect(() => definePlugin({ ...base, serviceTypes: [type, type] })).toThrow(/twice/);
    expect(() => definePlugin({ ...base, migrations: [{ id: 'tables', sql: 'SELECT 1' }] })).toThrow(/must start with "ev-charger_"/);
  });
});

describe('sdkSatisfies', () => {
  it('checks the ranges plugins declare against the SDK version, within one major', () => {
    expect(['^1', '^1.1', '^1.1.0', '1', '1.x', '1.1.x', '>=1.0'].map((r) => sdkSatisfies(r, '1.1.0'))).toEqual([true, true, true, true, true, true, true]);
    expect(['^2', '^1.2', '^1.1.1', '2', '1.0.x', '1.2', '>=2', 'latest', ''].map((r) => sdkSatisfies(r, '1.1.0'))).toEqual(Array(9).fill(false));
  });
});
