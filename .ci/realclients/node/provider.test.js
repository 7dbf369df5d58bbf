// OneAll's Node SDK, lib/provider.js: getAll.
// SPDX-License-Identifier: MIT
'use strict';
const { test } = require('node:test');
const { sdk, call, ok, assert } = require('./fake');

test('provider.getAll lists the social networks', async () => {
  const r = await call(sdk.provider.getAll);
  ok(r);
  assert.equal(r.data.count, r.data.entries.length);
  const fb = r.data.entries.find((p) => p.key === 'facebook');
  assert.deepEqual({ key: fb.key, name: fb.name }, { key: 'facebook', name: 'Facebook' });
});
