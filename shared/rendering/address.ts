/**
 * `Display Name <address>` for a From header. A non-ASCII name becomes an RFC 2047 encoded word, which SES
 * requires; an ASCII name is quoted. Names are validated upstream to hold no quotes or line breaks.
 */
export function mailbox(email: string, name?: string): string {
  if (!name) return email;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '')}" <${email}>`;
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${email}>`;
}
