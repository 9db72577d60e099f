import { describe, expect, it } from 'vitest';
import { definePlugin, PluginDefinitionError, sdkSatisfies, translate } from './server';

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

  it('fails fast on a service type the booking form could not ask for or the engine could not book', () => {
    const type = { key: 'install', label: 'Install', duration: 60, requiredSkills: [] };
    expect(() => definePlugin({ ...base, serviceTypes: [{ ...type, key: 'Install Job' }] })).toThrow(/lowercase/);
    expect(() => definePlugin({ ...base, serviceTypes: [{ ...type, duration: 3 }] })).toThrow(/5 to 1440/);
    // @ts-expect-error a kind the booking form does not render
    expect(() => definePlugin({ ...base, serviceTypes: [{ ...type, fields: [{ key: 'photo', label: 'Photo', kind: 'upload' }] }] })).toThrow(/kind "upload"/);
    expect(() => definePlugin({ ...base, serviceTypes: [{ ...type, fields: [{ key: 'model', label: 'Model', kind: 'select' }] }] })).toThrow(/needs options/);
    expect(() => definePlugin({ ...base, serviceTypes: [{ ...type, fields: [{ key: 'Panel amps', label: 'Panel', kind: 'number' }] }] })).toThrow(/field key/);
    expect(() => definePlugin({ ...base, serviceTypes: [{ ...type, duration: () => 90, fields: [{ key: 'panelAmps', label: 'Panel', kind: 'number' }] }] })).not.toThrow();
    // A widget is a rendering hint `<client plugin id>:<name>` over a kind the server checks.
    expect(() => definePlugin({ ...base, serviceTypes: [{ ...type, fields: [{ key: 'amps', label: 'Amps', kind: 'number', widget: 'ev-charger:panel-amps' }] }] })).not.toThrow();
    expect(() => definePlugin({ ...base, serviceTypes: [{ ...type, fields: [{ key: 'amps', label: 'Amps', kind: 'number', widget: 'panel-amps' }] }] })).toThrow(/widget "panel-amps"/);
  });
});

describe('translate', () => {
  const messages = { es: { 'Hello {name}': 'Hola {name}' }, 'pt-BR': { Hello: 'Olá' } };
  it('finds the locale, then its language, then keeps the English, filling in values', () => {
    expect(translate(messages, 'es', 'Hello {name}', { name: 'Ana' })).toBe('Hola Ana');
    expect(translate(messages, 'es-MX', 'Hello {name}', { name: 'Ana' })).toBe('Hola Ana');
    expect(translate(messages, 'pt-BR', 'Hello')).toBe('Olá');
    expect(translate(messages, 'fr', 'Hello {name}', { name: 'Ana' })).toBe('Hello Ana');
    expect(translate(undefined, 'es', 'Hello {name}')).toBe('Hello {name}');
  });
});

describe('sdkSatisfies', () => {
  it('checks the ranges plugins declare against the SDK version, within one major', () => {
    expect(['^1', '^1.1', '^1.1.0', '1', '1.x', '1.1.x', '>=1.0'].map((r) => sdkSatisfies(r, '1.1.0'))).toEqual([true, true, true, true, true, true, true]);
    expect(['^2', '^1.2', '^1.1.1', '2', '1.0.x', '1.2', '>=2', 'latest', ''].map((r) => sdkSatisfies(r, '1.1.0'))).toEqual(Array(9).fill(false));
  });
});
