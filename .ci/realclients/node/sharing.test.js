// OneAll's Node SDK, lib/sharingMessage.js: publish, rePublish, getAll, get, del.
// SPDX-License-Identifier: MIT
'use strict';
const { describe, test, before } = require('node:test');
const { sdk, call, ok, pending, seededUsers, assert } = require('./fake');

// A suite per file, so that its before() hooks run for its tests only.
describe('sharing', () => {
  // Set to false when the fake serves the family.
  const PENDING = false; // served since the sharing branch

  let user, provider;
  before(async () => {
    user = (await seededUsers())[0];
    provider = user.identities[0].provider;
  });

  // publish hands its callback the raw envelope (it skips retrieveData).
  async function published(text) {
    const raw = await new Promise((resolve, reject) =>
      sdk.sharingMessage.publish(user.user_token, [provider], { text: { body: text } }, (e, r) => (e ? reject(e) : resolve(r))));
    const code = raw.response.request.status.code;
    assert.ok(code === 200 || code === 201, `publish answered ${code}`); // the docs do not say which
    return raw.response.result.data.sharing_message;
  }

  test('sharingMessage.publish publishes for a user', { todo: PENDING }, async () => {
    const m = await published('Hello from the Node SDK');
    assert.ok(m.sharing_message_token);
    assert.equal(m.parts.text.body, 'Hello from the Node SDK');
  });

  test('sharingMessage.rePublish publishes a message again', { todo: PENDING }, async () => {
    const m = await published('Again');
    const r = await call(sdk.sharingMessage.rePublish, m.sharing_message_token, user.user_token, [provider]);
    assert.ok([200, 201].includes(r.status.code), JSON.stringify(r.status));
    assert.equal(r.raw.response.result.data.sharing_message.sharing_message_token, m.sharing_message_token);
  });

  test('sharingMessage.getAll lists the messages', { todo: PENDING }, async () => {
    const m = await published('Listed');
    const r = await call(sdk.sharingMessage.getAll, 1);
    ok(r);
    assert.ok(r.data.entries.some((e) => e.sharing_message_token === m.sharing_message_token));
  });

  test('sharingMessage.get reads a message', { todo: PENDING }, async () => {
    const m = await published('Read');
    const r = await call(sdk.sharingMessage.get, m.sharing_message_token);
    ok(r);
    assert.equal(r.data.sharing_message_token, m.sharing_message_token);
    assert.ok(r.data.date_last_published);
  });

  test('sharingMessage.del deletes a message', { todo: PENDING }, async () => {
    const m = await published('Deleted');
    const r = await call(sdk.sharingMessage.del, m.sharing_message_token);
    ok(r);
    const again = await call(sdk.sharingMessage.get, m.sharing_message_token);
    assert.equal(again.status.code, 404, 'gone after delete');
  });
});
