'use strict';
// Runs OneAll's Node SDK (npm oneall 0.1.5) methods of issue 17's families against `oneall fake serve`.
// Usage: node node_all.js BASE_URL PUBLIC_KEY PRIVATE_KEY
const Oneall = require(process.env.NODE_SDK_DIR);
const [, , endpoint, publickey, privatekey] = process.argv;
const oa = new Oneall({endpoint, publickey, privatekey});
const results = [];
// shorturl.create throws from inside request's callback (an unbound `this`): note it and go on.
let uncaught = null;
process.on('uncaughtException', (e) => { uncaught = e; });
function call(name, fn, ok) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (line, v) => { if (!done) { done = true; results.push(line); resolve(v); } };
    try {
      fn((err, res, raw) => {
        if (err) return finish(`${name.padEnd(40)} FAIL (error: ${err.message})`);
        const code = res && res.status && res.status.code;
        const pass = ok(res, raw);
        finish(`${name.padEnd(40)} ${pass ? 'PASS' : 'FAIL'} (code ${code})` + (pass ? '' : '\n    ' + JSON.stringify(raw || res).slice(0, 300)), res);
      });
    } catch (e) {
      finish(`${name.padEnd(40)} FAIL (threw: ${e.message})`);
    }
    setTimeout(() => finish(`${name.padEnd(40)} FAIL (` + (uncaught ? 'threw in its callback: ' + uncaught.message : 'no callback') + ')'), 1500);
  });
}
(async () => {
  // Tokens of the seeded site.
  const ids = await new Promise((r) => oa.identity.getAll ? oa.identity.getAll(1, (e, res) => r(res)) : r(null));
  const entries = (ids && ids.data && ids.data.entries) || [];
  const tw = entries.find((e) => e.provider === 'twitter');

  // ---- shorturl
  await call('shorturl.create', (cb) => oa.shorturl.create('https://www.example.com/long', cb), (res) => res && res.data);
  const created = null;
  await call('shorturl.getAll (ListShortURLs, spec-table)', (cb) => oa.shorturl.getAll(1, cb), (res) => res && res.data && res.data.entries);
  const su = await new Promise((r) => require(process.env.NODE_SDK_DIR + '/node_modules/request').post({url: endpoint + '/shorturls.json', auth: {user: publickey, pass: privatekey},
    body: JSON.stringify({request: {shorturl: {original_url: 'https://www.example.com/x'}}})}, (e, resp, body) => r(JSON.parse(body).response.result.data.shorturl)));
  await call('shorturl.get', (cb) => oa.shorturl.get(su.shorturl_token, cb), (res) => res.status.code === 200 && res.data.shorturl_token === su.shorturl_token);
  await call('shorturl.del', (cb) => oa.shorturl.del(su.shorturl_token, cb), (res) => res.status.code === 200);

  // ---- sharingMessage
  const pub = await call('sharingMessage.publish', (cb) => oa.sharingMessage.publish(tw.user_token, ['twitter'],
    {text: {body: 'Hello'}, link: {url: 'https://shop.example/'}, flags: {enable_tracking: 1}}, cb),
    (res) => res && res.response && res.response.result.data.sharing_message.sharing_message_token);
  const token = pub && pub.response.result.data.sharing_message.sharing_message_token;
  await call('sharingMessage.rePublish', (cb) => oa.sharingMessage.rePublish(token, tw.user_token, ['twitter'], cb), (res, raw) => res.status.code === 200 && raw.response.result.data.sharing_message);
  await call('sharingMessage.getAll', (cb) => oa.sharingMessage.getAll(1, cb), (res) => res.status.code === 200 && res.data.entries.length > 0);
  await call('sharingMessage.get', (cb) => oa.sharingMessage.get(token, cb), (res) => res.status.code === 200 && res.data.sharing_message_token === token);

  // ---- analytics
  const init = await call('analytics.initiate (no pingback)', (cb) => oa.analytics.initiate(token, null, cb), (res, raw) => res.status.code === 201 && raw.response.result.data.sharing_analytics_snapshot);
  await call('analytics.initiate (pingback, pending)', (cb) => oa.analytics.initiate(token, 'http://127.0.0.1:9/pingback', cb), (res) => res.status.code === 207);
  const snap = await new Promise((r) => oa.analytics.getAll(1, (e, res) => r(res && res.data && res.data.entries && res.data.entries[0])));
  await call('analytics.getAll', (cb) => oa.analytics.getAll(1, cb), (res) => res.status.code === 200 && res.data.entries.length === 1);
  await call('analytics.get', (cb) => oa.analytics.get(snap.sharing_analytics_snapshot_token, cb), (res) => res.status.code === 200 && res.data.sharing_message);
  await call('analytics.del', (cb) => oa.analytics.del(snap.sharing_analytics_snapshot_token, cb), (res) => res.status.code === 200);
  await call('sharingMessage.del', (cb) => oa.sharingMessage.del(token, cb), (res) => res.status.code === 200);
  void init; void created;
  console.log(results.join('\n'));
})().catch((e) => { console.log(results.join("\n")); console.log("script error:", e.stack); });
