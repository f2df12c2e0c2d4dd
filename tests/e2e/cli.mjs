// The native command line, for tests that compare the page with it: GRADFALL_CLI when set,
// else the release build when it exists, else `cargo run --release` (which builds it once).

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
