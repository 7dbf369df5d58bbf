'use strict';
// Runs OneAll's Node SDK (npm oneall 0.1.5) lib/discussion.js against `oneall fake serve`.
// Its nine functions call the 2014 /discussions… paths, which the fake does not serve
// (docs/api.md, known client bugs): each is expected to get 404 and is printed KNOWN-BUG
// when it does. The same intents, sent through the SDK's own transport (lib/core/api.js:
// keys, {request: …} bodies, retrieveData) to the documented /loudvoice/… paths, must PASS.
// Usage: node node_loudvoice.js BASE_URL PUBLIC_KEY PRIVATE_KEY
const Oneall = require(process.env.NODE_SDK_DIR);
const [, , endpoint, publickey, privatekey] = process.argv;
const oa = new Oneall({endpoint, publickey, privatekey});
const api = oa.api;
let failed = 0;
function line(name, verdict, detail) {
  if (verdict === 'FAIL') failed++;
  console.log(`${name.padEnd(44)} ${verdict} (${detail})`);
}
// An SDK function, expected to get 404 from the documented fake.
function sdk(name, fn) {
  return new Promise((resolve) => {
    try {
      fn((err, res, raw) => {
        const code = res && res.status && res.status.code;
        const path = raw && raw.response && raw.response.request && raw.response.request.resource;
        line(name, code === 404 ? 'KNOWN-BUG' : 'FAIL', err ? 'error: ' + err.message : `code ${code}, ${path}`);
        resolve();
      });
    } catch (e) {
      line(name, 'FAIL', 'threw: ' + e.message);
      resolve();
    }
  });
}
// A documented call through the SDK's transport; resolves with the payload under tag.
function doc(name, want, tag, send) {
  return new Promise((resolve) => {
    send((err, body) => api.retrieveData(err, body, tag, (e, res) => {
      const code = res && res.status && res.status.code;
      line(name, !e && code === want ? 'PASS' : 'FAIL', e ? 'error: ' + e.message : `code ${code}`);
      resolve(res && res.data);
    }));
  });
}
(async () => {
  // ---- The documented calls, through the SDK's transport.
  const d = await doc('POST /loudvoice/discussions.json', 201, 'discussion',
    (cb) => api.post('loudvoice/discussions', null, {discussion: {title: 'T', url: 'https://example.com/', discussion_reference: 'ref-1'}}, cb));
  await doc('GET /loudvoice/discussions.json', 200, 'discussions', (cb) => api.get('loudvoice/discussions', null, {page: 1}, cb));
  await doc('GET /loudvoice/discussions/{token}.json', 200, 'discussion', (cb) => api.get('loudvoice/discussions/@token', d.discussion_token, null, cb));
  const c = await doc('POST /loudvoice/comments.json', 201, 'comment',
    (cb) => api.post('loudvoice/comments', null, {discussion: {discussion_token: d.discussion_token}, comment: {text: 'hi', author: {name: 'Bob', email: 'bob@example.com'}}}, cb));
  await doc('GET /loudvoice/comments/{token}/comments.json', 200, 'comments', (cb) => api.get('loudvoice/comments/@token/comments', d.discussion_token, {page: 1}, cb));
  await doc('GET /loudvoice/comments/{token}.json', 200, 'comment', (cb) => api.get('loudvoice/comments/@token', c.comment_token, null, cb));

  // ---- The SDK's own functions: the 2014 paths.
  await sdk('discussion.getAll', (cb) => oa.discussion.getAll(1, cb));
  await sdk('discussion.get(token)', (cb) => oa.discussion.get(d.discussion_token, cb));
  await sdk('discussion.get(null, reference)', (cb) => oa.discussion.get(null, 'ref-1', cb));
  await sdk('discussion.create', (cb) => oa.discussion.create('T2', 'https://example.com/2', 'ref-2', cb));
  await sdk('discussion.getComments(token)', (cb) => oa.discussion.getComments(d.discussion_token, {page: 1}, cb));
  await sdk('discussion.getComments(null, reference)', (cb) => oa.discussion.getComments(null, {page: 1}, 'ref-1', cb));
  await sdk('discussion.getComment', (cb) => oa.discussion.getComment(c.comment_token, cb));
  await sdk('discussion.getSummary', (cb) => oa.discussion.getSummary([d.discussion_token], null, cb));
  await sdk('discussion.createComment', (cb) => oa.discussion.createComment(d.discussion_token, {name: 'Ann', email: 'ann@example.com'}, 'text', null, null, null, cb));
  await sdk('discussion.deleteComment', (cb) => oa.discussion.deleteComment(c.comment_token, true, cb));
  await sdk('discussion.del(token)', (cb) => oa.discussion.del(d.discussion_token, null, cb));
  await sdk('discussion.del(null, reference)', (cb) => oa.discussion.del(null, 'ref-1', cb));

  // ---- And the documented deletes.
  await doc('DELETE /loudvoice/comments/{token}.json', 200, '*', (cb) => api.del('loudvoice/comments/@token', c.comment_token, {confirm_deletion: 'true', delete_sub_comments: 'true'}, cb));
  await doc('DELETE /loudvoice/discussions/{token}.json', 200, '*', (cb) => api.del('loudvoice/discussions/@token', d.discussion_token, {confirm_deletion: 'true'}, cb));
  process.exitCode = failed ? 1 : 0;
})();
