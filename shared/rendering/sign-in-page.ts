import { SIGN_IN_SCRIPT } from './browser-scripts.generated.ts';
import { html, jsonScript, trusted } from './html.ts';

/** How staff get a token: Cognito's hosted sign-in in AWS, pasting the token `npm start` printed locally. */
export type SignInMode = { kind: 'cognito'; domain: string; clientId: string } | { kind: 'token' };

/**
 * The staff sign-in page. Its script (shared/rendering/browser/sign-in.ts) gets a token, keeps it in this tab's
 * session storage, tries it on a staff route and opens `/dashboard`.
 */
export function renderSignIn(mode: SignInMode, nonce: string): string {
  const fields =
    mode.kind === 'token'
      ? html`<label for="token">Staff token</label>
<input id="token" name="token" type="password" autocomplete="off" required aria-describedby="token-help">
<p id="token-help" class="help">npm start prints it (or set CLOSELOOP_STAFF_TOKEN). It stays in this tab only.</p>
<button type="submit">Sign in</button>`
      : html`<button type="submit">Sign in with your staff account</button>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – closeloop</title>
<style>
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f8fa}
main{max-width:26rem;margin:10vh auto;padding:1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}
h1{font-size:1.3rem;margin-top:0}label{display:block;font-weight:600;margin-bottom:.3rem}
input,button{font:inherit;width:100%;min-height:44px;padding:.4rem .6rem;border:1px solid #8c959f;border-radius:6px}
button{margin-top:.8rem;background:#0b5cad;border-color:#0b5cad;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}.help{color:#4b5563;font-size:.9rem}
#status{min-height:1.4em;color:#b42318}
</style>
</head>
<body>
<main>
<h1>closeloop for staff</h1>
<p id="status" role="status" aria-live="polite"></p>
<form id="form" hidden>
${fields}
</form>
<noscript>The dashboard needs JavaScript.</noscript>
</main>
${jsonScript('sign-in-config', mode)}
<script nonce="${nonce}">${trusted(SIGN_IN_SCRIPT, 'the bundled sign-in script')}</script>
</body>
</html>`.toString();
}
