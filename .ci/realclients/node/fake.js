// Shared helpers of the Node real-client tests: the SDK under test (OneAll's
// npm package `oneall`, pinned in ../package-lock.json, unmodified), pointed at
// the fake that ../../realclients.sh started, and a few plain-HTTP helpers for
// setting up state that the Node SDK cannot create itself.
//
// The fake's address and keys come from the environment, as `oneall fake
// serve` prints them on its first line of stdout:
//   ONEALL_BASE_URL=http://127.0.0.1:PORT ONEALL_PUBLIC_KEY=… ONEALL_PRIVATE_KEY=…
//
// SPDX-License-Identifier: MIT
'use strict';

const assert = require('node:assert/strict');
const Oneall = require('oneall');

const base = process.env.ONEALL_BASE_URL;
const publickey = process.env.ONEALL_PUBLIC_KEY;
const privatekey = process.env.ONEALL_PRIVATE_KEY;
if (!base || !publickey || !privatekey) {
  throw new Error('set ONEALL_BASE_URL, ONEALL_PUBLIC_KEY and ONEALL_PRIVATE_KEY (run .ci/realclients.sh)');
}
// Loopback only: these tests never talk to anything else.
const host = new URL(base).hostname;
if (!['127.0.0.1', '[::1]', 'localhost'].includes(host)) {
  throw new Error(`ONEALL_BASE_URL must be a loopback address, not ${host}`);
}

// The SDK joins its `endpoint` option with the resource path
// (lib/core/api.js parseUrl: endpoint + '/' + path + '.json'), so pointing
// it at the fake needs no patch: the endpoint is the fake's base URL.
const sdk = new Oneall({ endpoint: base, publickey, privatekey });

// call runs an SDK method (callback style) and resolves to what the SDK
// hands its callback: { data, status, resStatus } as lib/core/api.js
// retrieveData builds it, and the raw JSON body the SDK parsed.
function call(method, ...args) {
  return new Promise((resolve, reject) => {
    method(...args, (err, res, raw) => (err ? reject(err) : resolve({ ...res, raw })));
  });
}

// callGuarded is call for SDK methods whose own callback throws (a bug in
// the SDK, see shorturl.create): the exception, thrown inside `request`'s
// event handler, would otherwise be uncaught and end the test process.
function callGuarded(method, ...args) {
  const domain = require('node:domain'); // deprecated, but the only way to catch it
  return new Promise((resolve, reject) => {
    const d = domain.create();
    d.on('error', reject);
    d.run(() => method(...args, (err, res, raw) => (err ? reject(err) : resolve({ ...res, raw }))));
  });
}

// api sends a request through the SDK's own transport (lib/core/api.js)
// to a path of our choosing: for the documented call that an SDK method
// gets wrong. It resolves to the parsed OneAll envelope.
function api(verb, path, token, bodyOrQs) {
  return new Promise((resolve, reject) => {
    const cb = (err, raw) => (err ? reject(err) : resolve(raw));
    if (verb === 'put') sdk.api.put(path, token, bodyOrQs, cb);
    else if (verb === 'post') sdk.api.post(path, token, bodyOrQs, cb);
    else sdk.api[verb](path, token, bodyOrQs || {}, cb);
  });
}

// http is a plain request to the fake (not through the SDK), for set-up.
async function http(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: 'Basic ' + Buffer.from(publickey + ':' + privatekey).toString('base64'),
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify({ request: body }),
  });
  const json = await res.json();
  assert.equal(res.status, json.response.request.status.code, 'HTTP status and envelope code agree');
  return json.response;
}

// seededUsers lists the users `--seed N` made, through the API.
async function seededUsers() {
  const r = await http('GET', '/users.json?entries_per_page=500');
  return r.result.data.users.entries;
}

// newUser creates a user of its own with one identity (cloud storage), so a
// destructive test never touches what another test reads.
async function newUser(name) {
  const r = await http('POST', '/storage/users.json', {
    user: { login: `${name}-${process.pid}@example.com`, identity: { name: { formatted: name } } },
  });
  const u = r.result.data.user;
  return { userToken: u.user_token, identityToken: u.identity.identity_token };
}

// login makes a social login on the fake's Direct Connect pages, as a browser
// would (a new person at the provider), and returns the connection token.
async function login(provider) {
  const form = new URLSearchParams({
    service: 'social_login',
    callback_uri: 'http://127.0.0.1/callback',
    person: 'new',
  });
  const res = await fetch(`${base}/socialize/connect/direct/${provider}/`, { method: 'POST', body: form });
  const page = await res.text();
  assert.equal(res.status, 200, page);
  const m = page.match(/name="connection_token" value="([^"]+)"/);
  assert.ok(m, 'the page posts a connection_token');
  return m[1];
}

// ok asserts OneAll's success envelope as the SDK hands it over.
function ok(res, code = 200) {
  assert.equal(res.status && res.status.code, code, JSON.stringify(res.status));
  assert.equal(res.status.flag, 'success');
}

// pending marks the tests of a family that the fake does not serve yet: the
// tests run, assert OneAll's documented answer, and count as TODO until the
// family lands (set its PENDING to false then).
function pending(what) {
  return `the fake does not serve ${what} yet (issue 17)`;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

module.exports = { sdk, call, callGuarded, api, http, seededUsers, newUser, login, ok, pending, uuid, assert };
