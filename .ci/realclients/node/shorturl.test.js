// OneAll's Node SDK, lib/shorturl.js: getAll, get, create, del.
// SPDX-License-Identifier: MIT
'use strict';
const { describe, test } = require('node:test');
const { sdk, call, callGuarded, api, ok, pending, assert } = require('./fake');

// A suite per file, so that its before() hooks run for its tests only.
describe('shorturl', () => {
  // Only the list is served today; set to false when the family lands.
  const PENDING = false; // served since the short-URL branch

  test('shorturl.getAll lists the short URLs', async () => {
    const r = await call(sdk.shorturl.getAll, 1);
    ok(r);
    assert.ok(r.data.entries.length > 0, 'the fake seeds short URLs');
    const s = r.data.entries[0];
    assert.match(s.shorturl_token, /^[A-Za-z0-9]+$/, 'short tokens, not UUIDs');
    assert.ok(s.short_url.endsWith('/' + s.shorturl_token));
    assert.match(s.original_url, /^https?:\/\//);
  });

  // create's own callback is not bound (`this.api` is undefined there, so it
  // throws) and reads `shorturls`: the documented call goes through the SDK's
  // transport here, and the SDK method itself is a TODO.
  test('POST /shorturls.json creates a short URL (through the SDK transport)', { todo: PENDING }, async () => {
    const r = await api('post', 'shorturls', null, { shorturl: { original_url: 'https://example.com/rc' } });
    assert.ok([200, 201].includes(r.response.request.status.code), 'OneAll\'s PHP example reads 200'); // 201 would say created
    assert.equal(r.response.result.data.shorturl.original_url, 'https://example.com/rc');
  });

  test('shorturl.create creates a short URL', { todo: 'SDK bug: its callback is unbound (TypeError on this.api) and reads result.data.shorturls' }, async () => {
    const r = await callGuarded(sdk.shorturl.create, 'https://example.com/rc-sdk');
    assert.ok([200, 201].includes(r.status.code), JSON.stringify(r.status));
    assert.equal(r.data.original_url, 'https://example.com/rc-sdk');
  });

  async function created(url) {
    const c = await api('post', 'shorturls', null, { shorturl: { original_url: url } });
    return c.response.result.data.shorturl.shorturl_token;
  }

  test('shorturl.get reads a short URL', { todo: PENDING }, async () => {
    const token = await created('https://example.com/rc-get');
    const r = await call(sdk.shorturl.get, token);
    ok(r);
    assert.equal(r.data.shorturl_token, token);
    assert.equal(r.data.original_url, 'https://example.com/rc-get');
  });

  test('shorturl.del deletes a short URL', { todo: PENDING }, async () => {
    const token = await created('https://example.com/rc-del');
    const r = await call(sdk.shorturl.del, token);
    ok(r);
    const again = await call(sdk.shorturl.get, token);
    assert.equal(again.status.code, 404, 'gone after delete');
  });
});
