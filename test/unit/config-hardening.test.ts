import { describe, expect, it } from 'vitest';
import { InvalidConfiguration, parseConfig } from '#shared/config/load.ts';
import { publicWebhookProblem } from '#shared/config/public-url.ts';

const store = { brandName: 'Acme', sender: { email: 'feedback@acme.example' } };

describe('configuration that cannot be turned against the business', () => {
  it('refuses control characters in what is shown in headers and pages', () => {
    for (const brandName of ['Acme\r\nBcc: everyone@example.com', 'Acme\u0000', 'Acme\tCoffee'])
      expect(() => parseConfig({ stores: { '*': { ...store, brandName } } }, 'x'), JSON.stringify(brandName)).toThrow(
        InvalidConfiguration,
      );
    expect(parseConfig({ stores: { '*': { ...store, brandName: ' Acme Café ' } } }, 'x').stores['*']?.brandName).toBe(
      'Acme Café',
    );
  });

  it('lets AWS call only public HTTPS webhooks', () => {
    for (const url of [
      'http://hooks.slack.com/services/T/B/X',
      'https://localhost/hook',
      'https://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://172.20.0.1/hook',
      'https://192.168.1.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/hook',
      'https://[::1]/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
    ])
      expect(publicWebhookProblem(url), url).toBeDefined();
    for (const url of [
      'https://hooks.slack.com/services/T/B/X',
      'https://203.0.113.7/hook',
      'https://chat.example.com',
    ])
      expect(publicWebhookProblem(url), url).toBeUndefined();
  });
});
