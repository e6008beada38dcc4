import { isIP } from 'node:net';

/**
 * Whether a webhook URL may be called from AWS: HTTPS, to a public name or address. Loopback, private, link-local
 * (the instance metadata service among them), unique-local and unspecified addresses, and `localhost`, reach
 * nothing of the business's from AWS and are what a request forgery aims at. Local runs take loopback HTTP instead.
 */
export function publicWebhookProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:') return 'must be https in AWS';
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at localhost';
  if (isIP(host) === 4 && isPrivateIPv4(host)) return 'must not point at a private, loopback or link-local address';
  if (isIP(host) === 6 && isPrivateIPv6(host)) return 'must not point at a private, loopback or link-local address';
  return undefined;
}

function isPrivateIPv4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function isPrivateIPv6(address: string): boolean {
  if (address === '::' || address === '::1') return true;
  // An IPv4 address mapped into IPv6, as URL normalises it (`::ffff:7f00:1` for 127.0.0.1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped !== null) {
    const [high, low] = [Number.parseInt(mapped[1] ?? '0', 16), Number.parseInt(mapped[2] ?? '0', 16)];
    return isPrivateIPv4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(address);
}
