import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeployedConfig } from '#shared/config/deployed.ts';
import {
  InvalidConfiguration,
  loadConfigFile,
  parseConfig,
  storeFor,
  validatedConfigText,
} from '#shared/config/load.ts';
import { programFor, programsTriggeredBy } from '#shared/config/programs.ts';
import { retentionOf } from '#shared/config/retention.ts';
import { UnknownStore } from '#shared/domain/errors.ts';
import { isSampled } from '#shared/domain/survey.ts';

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

  it('keeps surveys until erased by default, or for the configured retention', () => {
    const madeAt = new Date('2026-11-23T10:00:00Z');
    expect(retentionOf(parseConfig({ stores: { '*': store } }, 'x'), madeAt)).toEqual({});
    const kept = parseConfig({ stores: { '*': store }, retention: { surveys: '365d' } }, 'x');
    expect(retentionOf(kept, madeAt)).toEqual({ retainUntil: '2027-11-23T10:00:00.000Z' });
    expect(() => parseConfig({ stores: { '*': store }, retention: { surveys: 'forever' } }, 'x')).toThrow(
      /retention\.surveys/,
    );
  });

  it('takes the bus producers as IAM role or user ARNs only', () => {
    const producers = ['arn:aws:iam::123456789012:role/acme-webshop-*', 'arn:aws:iam::123456789012:user/pos'];
    expect(parseConfig({ stores: { '*': store }, bus: { producers } }, 'x').bus.producers).toEqual(producers);
    expect(parseConfig({ stores: { '*': store } }, 'x').bus.producers).toEqual([]);
    for (const bad of ['*', '123456789012', 'arn:aws:iam::123456789012:root', 'arn:aws:s3:::bucket'])
      expect(() => parseConfig({ stores: { '*': store }, bus: { producers: [bad] } }, 'x'), bad).toThrow(
        /bus\.producers/,
      );
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

  it('runs the two default programs with the documented defaults', () => {
    const config = parseConfig({ stores: { '*': store } }, 'test');
    const day = 86_400_000;
    expect(programFor(config, 'purchase-nps', 'any')).toEqual({
      id: 'purchase-nps',
      enabled: true,
      trigger: 'Purchase Completed',
      triggerType: 'order',
      metric: 'nps',
      asksCes: false,
      delayMs: 7 * day,
      throttleMs: 90 * day,
      samplingPercent: 100,
      dailyCap: null,
      reminderMs: 3 * day,
    });
    expect(programFor(config, 'ticket-csat', 'any')).toMatchObject({
      trigger: 'Ticket Closed',
      metric: 'csat',
      asksCes: true,
      delayMs: day,
      throttleMs: 7 * day,
      reminderMs: 3 * day,
    });
    expect(config.fatigue.minimumGap).toBe(3 * day);
    expect(config.sending.maxPerSecond).toBe(14);
  });

  it('lets a store override or switch off a program, and a program set its own trigger rules', () => {
    const config = parseConfig(
      {
        stores: {
          'store-1': { ...store, programs: { 'purchase-nps': { delay: '14d', samplingPercent: 25 } } },
          'store-2': { ...store, programs: { 'purchase-nps': { enabled: false } } },
          '*': store,
        },
        programs: {
          'purchase-nps': { trigger: 'Purchase Completed', survey: 'nps', dailyCap: 500, reminder: false },
          'ticket-csat': { trigger: 'Ticket Closed', survey: 'csat', delay: '2h' },
        },
      },
      'test',
    );
    expect(programFor(config, 'purchase-nps', 'store-1')).toMatchObject({
      delayMs: 14 * 86_400_000,
      samplingPercent: 25,
      dailyCap: 500,
      reminderMs: false,
    });
    expect(programsTriggeredBy(config, 'Purchase Completed', 'store-2')).toEqual([]);
    expect(programsTriggeredBy(config, 'Purchase Completed', 'store-3').map((p) => p.id)).toEqual(['purchase-nps']);
    expect(programFor(config, 'ticket-csat', 'store-3')).toMatchObject({ delayMs: 2 * 3_600_000, asksCes: false });
  });

  it('stops at bad program settings, naming the field', () => {
    const bad =
      (programs: unknown, stores: unknown = { '*': store }) =>
      () =>
        parseConfig({ stores, programs }, 'x');
    expect(bad({ p: { trigger: 'Purchase Completed', survey: 'nps', delay: '7 days' } })).toThrow(/programs\.p\.delay/);
    expect(bad({ p: { trigger: 'Order Shipped', survey: 'nps' } })).toThrow(/programs\.p\.trigger/);
    expect(bad({ p: { trigger: 'Ticket Closed', survey: 'csat', samplingPercent: 120 } })).toThrow(
      /programs\.p\.samplingPercent/,
    );
    expect(bad({ p: { trigger: 'Ticket Closed', survey: 'csat', delays: '1d' } })).toThrow(/programs\.p[\s\S]*delays/);
    expect(bad(undefined, { '*': { ...store, programs: { 'no-such': { delay: '1d' } } } })).toThrow(
      /stores\.\*\.programs\.no-such[\s\S]*no program "no-such"/,
    );
    expect(() => parseConfig({ stores: { '*': store }, fatigue: { minimumGap: 3 } }, 'x')).toThrow(
      /fatigue\.minimumGap/,
    );
  });

  it('sends at once with the configuration npm start uses', () => {
    const local = loadConfigFile('config/local.json');
    for (const id of Object.keys(local.programs)) expect(programFor(local, id, 'store-berlin').delayMs).toBe(0);
  });

  it('samples deterministically, close to the configured share', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `survey-${i}`);
    const sampled = ids.filter((id) => isSampled(id, 25)).length;
    expect(sampled / ids.length).toBeGreaterThan(0.22);
    expect(sampled / ids.length).toBeLessThan(0.28);
    expect(ids.filter((id) => isSampled(id, 25)).length).toBe(sampled);
    expect(ids.every((id) => isSampled(id, 100))).toBe(true);
    expect(ids.some((id) => isSampled(id, 0))).toBe(false);
  });
});

describe('the configuration beside each function', () => {
  it('is read as synth validated it, defaults filled in, and refused when synth did not write it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'closeloop-config-'));
    const config = parseConfig(
      { stores: { '*': { brandName: 'Acme', sender: { email: 'feedback@acme.example' } } } },
      'test',
    );
    writeFileSync(join(dir, 'validated.json'), validatedConfigText(config));
    expect(readDeployedConfig(join(dir, 'validated.json'))).toEqual(config);
    // A configuration as people write it (durations as text, defaults missing) is not what a function may trust.
    writeFileSync(join(dir, 'raw.json'), JSON.stringify({ stores: { '*': { brandName: 'Acme' } } }));
    expect(() => readDeployedConfig(join(dir, 'raw.json'))).toThrow(/not a configuration synth validated/);
    expect(() => readDeployedConfig(join(dir, 'missing.json'))).toThrow(InvalidConfiguration);
  });
});
