// OneAll's Node SDK, lib/connection.js: getAll, get, getUser.
// SPDX-License-Identifier: MIT
'use strict';
const { describe, test } = require('node:test');
const { sdk, call, login, ok, uuid, assert } = require('./fake');

// A suite per file, so that its before() hooks run for its tests only.
describe('connection', () => {
  // The fake lets a connection_token be read once (onealltest/doc.go), so
  // each reading test makes a login of its own.

  test('connection.getAll lists the login just made', async () => {
    const token = await login('github');
    const r = await call(sdk.connection.getAll, 1);
    ok(r);
    assert.equal(r.data.pagination.current_page, 1);
    assert.ok(r.data.entries.some((c) => c.connection_token === token), 'the new connection is listed');
  });

  test('connection.get reads the connection', async () => {
    const token = await login('github');
    const r = await call(sdk.connection.get, token);
    ok(r);
    assert.equal(r.data.connection_token, token);
    assert.equal(r.data.status, 'succeeded');
    assert.equal(r.resStatus.info, 'The user successfully authenticated');
    assert.equal(r.raw.response.result.data.plugin.key, 'social_login');
  });

  test("connection.getUser reads the connection's user and identity", async () => {
    const token = await login('github');
    const r = await call(sdk.connection.getUser, token);
    ok(r);
    assert.match(r.data.user_token, uuid);
    assert.match(r.data.identity.identity_token, uuid);
    assert.equal(r.data.identity.source.key, 'github');
  });
});
