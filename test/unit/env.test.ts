import { describe, expect, it } from 'vitest';
import { functionEnv } from '#shared/platform/env.ts';

/** What the stack sets for the functions below (`infra/` and the local runtime set them from the same wiring). */
const sendSurvey = {
  TABLE_NAME: 'closeloop',
  EVENT_BUS_NAME: 'closeloop',
  SES_CONFIGURATION_SET: 'closeloop',
  SIGNING_KEY_SECRET_ID: 'closeloop/link-signing-key',
  CLOSELOOP_CONFIG_FILE: '/var/task/closeloop.config.json',
  PUBLIC_BASE_URL: 'https://feedback.example.com/',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/closeloop-dead-letters',
  MAX_RECEIVE_COUNT: '5',
};

describe('a function’s environment, read at its cold start', () => {
  it('reads exactly its own variables, typed: URLs without a trailing slash, counts as numbers', () => {
    const env = functionEnv('SendSurvey', { ...sendSurvey, SEND_QUEUE_URL: 'https://elsewhere', UNRELATED: 'x' });
    expect(env).toEqual({ ...sendSurvey, PUBLIC_BASE_URL: 'https://feedback.example.com', MAX_RECEIVE_COUNT: 5 });
  });

  it('reads JSON variables into their shapes', () => {
    const cognito = { kind: 'cognito', domain: 'https://closeloop.auth.eu-west-1.amazoncognito.com', clientId: 'abc' };
    expect(functionEnv('StaffSignIn', { STAFF_SIGN_IN: JSON.stringify(cognito) }).STAFF_SIGN_IN).toEqual(cognito);
    expect(functionEnv('StaffSignIn', { STAFF_SIGN_IN: '{"kind":"token","extra":1}' }).STAFF_SIGN_IN).toEqual({
      kind: 'token',
    });
    const secrets = { shopify: 'closeloop/source/shopify', zendesk: 'closeloop/source/zendesk' };
    const webhooks = functionEnv('SourceWebhooks', {
      TABLE_NAME: 'closeloop',
      EVENT_BUS_NAME: 'closeloop',
      SOURCE_SECRET_IDS: JSON.stringify(secrets),
      CLOSELOOP_CONFIG_FILE: '/var/task/closeloop.config.json',
    });
    expect(webhooks.SOURCE_SECRET_IDS).toEqual(secrets);
  });

  it('accepts http links on loopback only, for local runs', () => {
    const local = { ...sendSurvey, PUBLIC_BASE_URL: 'http://127.0.0.1:3000' };
    expect(functionEnv('SendSurvey', local).PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');
    expect(() => functionEnv('SendSurvey', { ...sendSurvey, PUBLIC_BASE_URL: 'http://feedback.example.com' })).toThrow(
      'PUBLIC_BASE_URL: must be https, or http on loopback for local runs',
    );
  });

  it('refuses to start with every missing or malformed variable named, and why', () => {
    const bad = {
      ...sendSurvey,
      TABLE_NAME: '',
      SIGNING_KEY_SECRET_ID: undefined,
      DEAD_LETTER_QUEUE_URL: 'dead-letters',
      MAX_RECEIVE_COUNT: '2.5',
    };
    expect(() => functionEnv('SendSurvey', bad)).toThrow(
      [
        'Invalid function environment:',
        '  TABLE_NAME: must not be empty',
        '  SIGNING_KEY_SECRET_ID: is not set',
        '  DEAD_LETTER_QUEUE_URL: must be an http(s) URL',
        '  MAX_RECEIVE_COUNT: must be a whole number from 1 to 1000',
      ].join('\n'),
    );
    for (const [value, why] of [
      ['not json', 'must be JSON'],
      ['{"kind":"cognito","domain":"nowhere","clientId":"abc"}', 'must be JSON: {"kind":"token"} or'],
      ['{"kind":"password"}', 'must be JSON: {"kind":"token"} or'],
    ])
      expect(() => functionEnv('StaffSignIn', { STAFF_SIGN_IN: value }), value).toThrow(`STAFF_SIGN_IN: ${why}`);
    expect(() =>
      functionEnv('SourceWebhooks', {
        TABLE_NAME: 'closeloop',
        EVENT_BUS_NAME: 'closeloop',
        SOURCE_SECRET_IDS: '{"shopify":7}',
        CLOSELOOP_CONFIG_FILE: '/var/task/closeloop.config.json',
      }),
    ).toThrow('SOURCE_SECRET_IDS: must be JSON: an object of source id to secret name');
  });
});
