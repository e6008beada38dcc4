/** How staff get a token: Cognito's hosted sign-in in AWS, pasting the token `npm start` printed locally. */
export type SignInMode = { kind: 'cognito'; domain: string; clientId: string } | { kind: 'token' };

/**
 * The staff sign-in page. It gets a token (the authorization code flow with PKCE against Cognito, or a pasted
 * one), keeps it in this tab's session storage, then fetches `/dashboard` with it (the route needs the bearer
 * token) and shows it in place, running its script under this page's nonce.
 */
const SCRIPT = String.raw`
(function () {
  'use strict';
  var mode = JSON.parse(document.getElementById('sign-in-config').textContent);
  var nonce = document.currentScript.nonce;
  var statusEl = document.getElementById('status');
  var KEY = 'closeloop.staffToken';
  function say(text) { statusEl.textContent = text; }
  function b64url(bytes) { return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''); }
  var redirectUri = location.origin + location.pathname;

  function openDashboard(token) {
    say('Opening the dashboard…');
    return fetch('/dashboard', { headers: { authorization: 'Bearer ' + token } }).then(function (response) {
      if (response.status === 401) { sessionStorage.removeItem(KEY); throw new Error('That token was not accepted (missing, expired or from another issuer).'); }
      if (!response.ok) throw new Error('The dashboard did not open (HTTP ' + response.status + ').');
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, 'text/html');
      document.title = page.title;
      document.head.querySelectorAll('style').forEach(function (style) { style.remove(); });
      page.querySelectorAll('head style').forEach(function (style) { document.head.appendChild(document.importNode(style, true)); });
      var code = page.querySelector('script[nonce]');
      if (code) code.remove();
      document.body.replaceWith(document.importNode(page.body, true));
      history.replaceState(null, '', '/sign-in#dashboard');
      var run = document.createElement('script');
      run.nonce = nonce;
      run.textContent = code ? code.textContent : '';
      document.body.appendChild(run);
    }).catch(function (error) { document.getElementById('form').hidden = false; say(error.message); });
  }

  var existing = sessionStorage.getItem(KEY);
  var params = new URLSearchParams(location.search);
  if (params.get('expired')) say('Your sign-in has expired; sign in again.');

  if (mode.kind === 'cognito') {
    if (params.get('code')) {
      var verifier = sessionStorage.getItem('closeloop.pkce');
      fetch(mode.domain + '/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: mode.clientId, code: params.get('code'), redirect_uri: redirectUri, code_verifier: verifier || '' })
      }).then(function (r) { if (!r.ok) throw new Error('Sign-in failed (HTTP ' + r.status + ').'); return r.json(); })
        .then(function (tokens) { sessionStorage.removeItem('closeloop.pkce'); sessionStorage.setItem(KEY, tokens.access_token); history.replaceState(null, '', redirectUri); return openDashboard(tokens.access_token); })
        .catch(function (error) { say(error.message); document.getElementById('form').hidden = false; });
    } else if (existing) {
      openDashboard(existing);
    } else {
      document.getElementById('form').hidden = false;
    }
    document.getElementById('form').addEventListener('submit', function (event) {
      event.preventDefault();
      var bytes = crypto.getRandomValues(new Uint8Array(32));
      var verifier = b64url(bytes);
      sessionStorage.setItem('closeloop.pkce', verifier);
      crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
        location.assign(mode.domain + '/oauth2/authorize?' + new URLSearchParams({ response_type: 'code', client_id: mode.clientId, redirect_uri: redirectUri, scope: 'openid email', code_challenge_method: 'S256', code_challenge: b64url(digest) }));
      });
    });
  } else {
    if (existing) openDashboard(existing); else document.getElementById('form').hidden = false;
    document.getElementById('form').addEventListener('submit', function (event) {
      event.preventDefault();
      var token = document.getElementById('token').value.trim();
      if (!token) { say('Paste the staff token npm start printed.'); return; }
      sessionStorage.setItem(KEY, token);
      openDashboard(token);
    });
  }
})();
`;

export function renderSignIn(mode: SignInMode, nonce: string): string {
  const config = JSON.stringify(mode).replace(/</g, '\\u003c');
  const fields =
    mode.kind === 'token'
      ? `<label for="token">Staff token</label>
<input id="token" name="token" type="password" autocomplete="off" required aria-describedby="token-help">
<p id="token-help" class="help">npm start prints it (or set CLOSELOOP_STAFF_TOKEN). It stays in this tab only.</p>
<button type="submit">Sign in</button>`
      : `<button type="submit">Sign in with your staff account</button>`;
  return `<!doctype html>
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
<script type="application/json" id="sign-in-config">${config}</script>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
