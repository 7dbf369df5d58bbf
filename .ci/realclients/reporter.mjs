// A node:test reporter of one line per test, so that CI's log stays short:
// PASS, FAIL (with the error), TODO (an expected failure: the SDK's own bug
// or a family the fake does not serve yet, with the reason) and the totals.
// SPDX-License-Identifier: MIT
export default async function* lines(source) {
  for await (const { type, data } of source) {
    if (type === 'test:pass' && data.details.type !== 'suite') {
      yield data.todo ? `TODO-PASS ${data.name}  # ${data.todo} (now passes: drop the todo?)\n` : `PASS ${data.name}\n`;
    } else if (type === 'test:fail' && data.details.type !== 'suite') {
      if (data.todo) {
        yield `TODO ${data.name}  # ${data.todo}\n`;
      } else {
        const err = data.details.error;
        const cause = (err && err.cause) || err;
        yield `FAIL ${data.name}  (${data.file || ''}:${data.line || ''})\n  ${String((cause && cause.message) || cause).split('\n').join('\n  ')}\n`;
      }
    } else if (type === 'test:diagnostic' && /^(tests|pass|fail|todo|duration_ms) /.test(data.message)) {
      yield `# ${data.message}\n`;
    }
  }
}
