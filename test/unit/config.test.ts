import { describe, expect, it } from 'vitest';
import { InvalidConfiguration, loadConfigFile, parseConfig, storeFor } from '#shared/config/load.ts';
import { UnknownStore } from '#shared/domain/errors.ts';

const store = { brandName: 'Acme', sender: { email: 'feedback@acme.example' } };

describe('configuration', () => {
  it('fills defaults', () => {
    const config = parseConfig({ stores: { '*': store } }, 'test');
    expect(config.survey.validForDays).toBe(30);
    expect(config.stores['*']).toMatchObject({ defaultLocale: 'en', primaryColour: '#1f6feb' });
  });

  it('names the bad field', () => {
    expect(() =>
      parseConfig({ stores: { 'store-1': { ...store, sender: { email: 'nope' } } } }, 'closeloop.json'),
    ).toThrow(/closeloop\.json[\s\S]*stores\.store-1\.sender\.email/);
    expect(() => parseConfig({ stores: { '*': { ...store, primaryColour: 'red' } } }, 'x')).toThrow(/primaryColour/);
    expect(() => parseConfig({ stores: {} }, 'x')).toThrow(InvalidConfiguration);
  });

  it('falls back to the "*" store, and refuses an unknown store without one', () => {
    const config = parseConfig({ stores: { 'store-1': store, '*': { ...store, brandName: 'Default' } } }, 'x');
    expect(storeFor(config, 'store-2').brandName).toBe('Default');
    const strict = parseConfig({ stores: { 'store-1': store } }, 'x');
    expect(() => storeFor(strict, 'store-2')).toThrow(UnknownStore);
  });

  it('validates the shipped configuration files', () => {
    expect(() => loadConfigFile('config/closeloop.json')).not.toThrow();
    expect(() => loadConfigFile('config/local.json')).not.toThrow();
    expect(() => loadConfigFile('config/missing.json')).toThrow(/Cannot read/);
  });
});
