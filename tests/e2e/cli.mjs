// The native command line, for tests that compare the page with it: GRADFALL_CLI when set,
// else the release build when it exists (`cargo xtask test e2e` builds it from this checkout
// first), else `cargo run --release` (which builds it once).
// and the comparison, to the bit.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Standard output of `gradfall ARGS…`. */
export function runCli(args) {
  const bin = process.env.GRADFALL_CLI || `${ROOT}target/release/gradfall`;
  const options = { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 };
  return existsSync(bin)
    ? execFileSync(bin, args, options)
    : execFileSync('cargo', ['run', '-q', '--release', '-p', 'gradfall-cli', '--', ...args], options);
}

/** `page` equals `cli` to the bit: numbers as 32-bit floats, arrays and objects field by field. */
export function assertSameBits(page, cli, where) {
  if (typeof page === 'number' && typeof cli === 'number') {
    assert.ok(Object.is(Math.fround(page), Math.fround(cli)), `${where}: page ${page}, CLI ${cli}`);
  } else if (Array.isArray(page)) {
    assert.ok(Array.isArray(cli) && cli.length === page.length, `${where}: lengths`);
    page.forEach((v, i) => assertSameBits(v, cli[i], `${where}[${i}]`));
  } else if (page !== null && typeof page === 'object') {
    for (const [key, value] of Object.entries(page)) assertSameBits(value, cli[key], `${where}.${key}`);
  } else {
    assert.equal(page, cli, where);
  }
}
