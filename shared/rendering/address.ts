/**
 * The one escaping of text for a mail header (a subject, a display name, a header value): a line break or any other
 * control character would end the header and start another, so each becomes a space. Names and subjects are
 * validated upstream too; this holds whatever reaches a header.
 */
export function headerText(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * `Display Name <address>` for a From header. A non-ASCII name becomes an RFC 2047 encoded word, which SES
 * requires; an ASCII name is quoted (without quotes or backslashes of its own).
 */
export function mailbox(email: string, text?: string): string {
  const name = text === undefined ? undefined : headerText(text);
  if (!name) return email;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '')}" <${email}>`;
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${email}>`;
}
