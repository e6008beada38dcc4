import { html, type SafeHtml } from './html.ts';

/**
 * The one HTML frame of every email closeloop sends: a preheader (the line inboxes show after the subject), the
 * store's logo, the content, a footer, light and dark colours. Tables and inline styles, because that is what mail
 * clients render (`npm test` checks every email kind against caniemail's data for Gmail, Apple Mail and Outlook).
 */
export interface EmailFrame {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  /** Shown by inboxes after the subject; hidden in the message. */
  preheader: string;
  brand: string;
  logoUrl?: string | undefined;
  content: SafeHtml;
  /** Who sends it, why, unsubscribe. */
  footer: SafeHtml;
  maxWidth?: number;
}

export function emailDocument(frame: EmailFrame): string {
  const width = frame.maxWidth ?? 600;
  const logo = frame.logoUrl
    ? html`<img src="${frame.logoUrl}" alt="${frame.brand}" height="48" style="display:block;height:48px;width:auto;border:0;margin:0 0 16px">`
    : '';
  return html`<!doctype html>
<html lang="${frame.lang}" dir="${frame.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
<title>${frame.title}</title>
<style>@media (prefers-color-scheme: dark){.cl-page{background:#0d1117!important}.cl-card{background:#161b22!important;color:#e6edf3!important}.cl-muted{color:#9198a1!important}}</style>
</head>
<body dir="${frame.dir}" style="margin:0;padding:0">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${frame.preheader}</div>
<table role="presentation" class="cl-page" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f6f8fa" style="background:#f6f8fa"><tr><td align="center" style="padding:12px">
<table role="presentation" class="cl-card" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="max-width:${width}px;background:#ffffff;color:#1f2328;font-family:Arial,sans-serif"><tr><td style="padding:16px" dir="${frame.dir}">
${logo}${frame.content}
<p class="cl-muted" style="font-size:12px;line-height:18px;color:#59636e;margin:24px 0 0">${frame.footer}</p>
</td></tr></table>
</td></tr></table>
</body></html>`.toString();
}

/**
 * A button that survives Outlook for Windows: a table cell carries the colour and the padding (Outlook ignores
 * both on links), the link inside fills it for every other client.
 */
export function emailButton(label: string, url: string, colour: string): SafeHtml {
  const c = colour;
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="display:inline-table;margin:0 8px 8px 0"><tr><td bgcolor="${c}" style="background:${c};border-radius:6px;mso-padding-alt:10px 18px"><a href="${url}" style="display:inline-block;padding:10px 18px;color:#ffffff;font:bold 15px Arial,sans-serif;text-decoration:none">${label}</a></td></tr></table>`;
}

/**
 * The score scale: one row of equal cells whatever the width (table cells with a width attribute, which Outlook
 * keeps), each bordered and padded on the cell, with the link filling it elsewhere.
 */
export function scoreRow(
  cells: { label: string; caption?: string | undefined; url: string; ariaLabel: string }[],
  colour: string,
): SafeHtml {
  const c = colour;
  const width = `${Math.floor(100 / cells.length)}%`;
  const tds = cells.map((cell) => {
    const caption = cell.caption
      ? html`<span style="display:block;margin-top:4px;font:normal 11px Arial,sans-serif">${cell.caption}</span>`
      : '';
    return html`<td width="${width}" align="center" valign="top" style="border:1px solid ${c};border-radius:4px;mso-padding-alt:10px 0"><a href="${cell.url}" aria-label="${cell.ariaLabel}" style="display:block;padding:10px 0;color:${c};font:bold 15px Arial,sans-serif;text-align:center;text-decoration:none">${cell.label}${caption}</a></td>`;
  });
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="2" border="0" style="width:100%"><tr>${tds}</tr></table>`;
}
