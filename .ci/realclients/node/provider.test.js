// OneAll's Node SDK, lib/provider.js: getAll.
// SPDX-License-Identifier: MIT
'use strict';
const { describe, test } = require('node:test');
const { sdk, call, ok, assert } = require('./fake');

// A suite per file, so that its before() hooks run for its tests only.
describe('provider', () => {
  test('provider.getAll lists the social networks', async () => {
    const r = await call(sdk.provider.getAll);
    ok(r);
    assert.equal(r.data.count, r.data.entries.length);
    const fb = r.data.entries.find((p) => p.key === 'facebook');
    assert.deepEqual({ key: fb.key, name: fb.name }, { key: 'facebook', name: 'Facebook' });
  });
});
