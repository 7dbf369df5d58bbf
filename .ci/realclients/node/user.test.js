// OneAll's Node SDK, lib/user.js: getAll, get, getContacts, del, publish.
// SPDX-License-Identifier: MIT
'use strict';
const { describe, test, before } = require('node:test');
const { sdk, call, ok, seededUsers, newUser, assert } = require('./fake');

// A suite per file, so that its before() hooks run for its tests only.
describe('user', () => {
  let seeded; // a seeded user: read, never changed
  before(async () => {
    seeded = (await seededUsers())[0];
  });

  test('user.getAll lists the users', async () => {
    const r = await call(sdk.user.getAll, 1);
    ok(r);
    assert.equal(r.data.pagination.current_page, 1);
    assert.ok(r.data.entries.some((u) => u.user_token === seeded.user_token));
  });

  test('user.get reads a user', async () => {
    const r = await call(sdk.user.get, seeded.user_token);
    ok(r);
    assert.equal(r.data.user_token, seeded.user_token);
    assert.equal(r.data.identities.length, seeded.identities.length);
  });

  test("user.getContacts reads the contacts of each of the user's identities", async () => {
    const r = await call(sdk.user.getContacts, seeded.user_token);
    ok(r);
    assert.equal(r.data.count, seeded.identities.length);
    for (const e of r.data.entries) {
      assert.equal(e.contacts.count, e.contacts.entries.length);
    }
  });

  // user.del reads its answer under `message`; OneAll documents (and the fake
  // answers) result.data.user. The first test holds the fake to the docs, the
  // second is the SDK's own bug (internal/specgen/clientbugs.md).
  test('user.del deletes a user (the documented answer)', async () => {
    const a = await newUser('user-del');
    const r = await call(sdk.user.del, a.userToken);
    ok(r);
    assert.equal(r.resStatus.info, 'The specified user has been removed successfully');
    assert.equal(r.raw.response.result.data.user.user_token, a.userToken);
    const again = await call(sdk.user.get, a.userToken);
    assert.equal(again.status.code, 404, 'gone after delete');
  });

  test('user.del hands over the deleted user', { todo: "SDK bug: reads result.data.message, OneAll answers result.data.user" }, async () => {
    const a = await newUser('user-del-sdk');
    const r = await call(sdk.user.del, a.userToken);
    assert.equal(r.data && r.data.user_token, a.userToken);
  });

  // POST /users/{token}/publish.json is deprecated by OneAll in favour of
  // Push and not among the operations of issue 17.
  test('user.publish publishes for a user', { todo: 'the fake does not serve the deprecated POST /users/{user_token}/publish.json' }, async () => {
    const r = await call(sdk.user.publish, seeded.user_token, ['twitter'], { text: { body: 'Hello' } });
    ok(r);
    assert.ok(r.data, 'the published message');
  });
});
