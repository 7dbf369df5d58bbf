'use strict';
// Runs the Node SDK's (npm oneall 0.1.5) `provider` object against `oneall fake serve`:
// its only method, getAll (GET /providers.json). The Node SDK has no Push, Pull or Search.
// Usage: NODE_SDK_DIR=... node node_pushpull.js BASE_URL PUBLIC_KEY PRIVATE_KEY
const Oneall = require(process.env.NODE_SDK_DIR);
const [, , endpoint, publickey, privatekey] = process.argv;
const oa = new Oneall({endpoint, publickey, privatekey});
oa.provider.getAll((err, data) => {
  const list = data && (data.entries || (data.data && data.data.entries)) || [];  // retrieveData hands over {data: result.data.providers}
  const keys = list.map((p) => p.key);
  const pass = !err && keys.includes('pinterest') && keys.includes('twitter');
  console.log(`${'provider.getAll (pinterest listed)'.padEnd(40)} ${pass ? 'PASS' : 'FAIL'}` + (pass ? '' : ` ${err ? err.message : JSON.stringify(data).slice(0, 300)}`));
  process.exit(pass ? 0 : 1);
});
