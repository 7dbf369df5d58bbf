// Runs the family files (*.test.js, or those named on the command line) in one
// Node process: `node --test` would start a process per file, and loading
// the SDK's `request` ten times costs more than all the tests (1.5 s against
// 25 s on a loaded 2-core machine). node:test runs the top-level tests one
// after another, in file order; each file keeps to its own data.
// SPDX-License-Identifier: MIT
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const named = process.argv.slice(2).map((f) => path.resolve(f));
const files = named.length
  ? named
  : fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(__dirname, f));
for (const f of files) require(f);
