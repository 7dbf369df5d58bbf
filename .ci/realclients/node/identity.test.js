// OneAll's Node SDK, lib/identity.js: getAll, get, getContacts, synchronize,
// reLink, del.
// SPDX-License-Identifier: MIT
'use strict';
const { describe, test, before } = require('node:test');
const { sdk, call, ok, seededUsers, newUser, uuid, assert } = require('./fake');

// A suite per file, so that its before() hooks run for its tests only.
describe('identity', () => {
  let seeded; // an identity of a seeded user: read, never changed
  before(async () => {
    const users = await seededUsers();
    seeded = users[0].identities[0];
  });

  test('identity.getAll lists the identities', async () => {
    const r = await call(sdk.identity.getAll, 1);
    ok(r);
    assert.equal(r.data.pagination.current_page, 1);
    assert.ok(r.data.entries.some((i) => i.identity_token === seeded.identity_token));
  });

  test('identity.get reads an identity', async () => {
    const r = await call(sdk.identity.get, seeded.identity_token);
    ok(r);
    assert.equal(r.data.identity_token, seeded.identity_token);
    assert.equal(r.data.source.key, seeded.provider);
    assert.match(r.data.user_token, uuid);
  });

  test("identity.getContacts reads the identity's contacts", async () => {
    const r = await call(sdk.identity.getContacts, seeded.identity_token);
    ok(r);
    assert.equal(r.data.count, r.data.entries.length);
    assert.ok(r.raw.response.result.data.cache, 'the answer says how the cache was used');
  });

  test('identity.synchronize refreshes an identity', async () => {
    const r = await call(sdk.identity.synchronize, seeded.identity_token);
    ok(r);
    assert.equal(r.data.identity_token, seeded.identity_token);
  });

  test('identity.reLink moves an identity to another user', async () => {
    const a = await newUser('relink-from');
    const b = await newUser('relink-to');
    const r = await call(sdk.identity.reLink, a.identityToken, b.userToken);
    ok(r);
    assert.equal(r.resStatus.flag, 'success');
    assert.equal(r.data.user.user_token, b.userToken);
    assert.ok(r.data.user.identities.some((i) => i.identity_token === a.identityToken));
  });

  test('identity.del deletes an identity', async () => {
    const a = await newUser('identity-del');
    const r = await call(sdk.identity.del, a.identityToken);
    ok(r);
    assert.equal(r.resStatus.info, 'The identity has been removed successfully');
    assert.equal(r.data.identity_token, a.identityToken);
    const again = await call(sdk.identity.get, a.identityToken);
    assert.equal(again.status.code, 404, 'gone after delete');
  });
});
