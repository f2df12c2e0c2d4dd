// Minifies the site's JavaScript for `cargo xtask dist` (xtask/src/minify.rs): reads
// `{"path": "source", …}` as JSON on stdin and writes `{"path": "minified", …}` on stdout.
// Each file is minified alone and stays an ES module: imports and quoted file names are left as
// they are, so dist/ can still give them hashed names. Terser folds constants with JavaScript's
// own arithmetic (the same doubles the browser would compute) and its unsafe options stay off.

import { minify } from 'terser';

const OPTIONS = {
  module: true,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const sources = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const minified = {};
for (const [path, code] of Object.entries(sources)) {
  try {
    minified[path] = (await minify(code, OPTIONS)).code;
  } catch (error) {
    process.stderr.write(`${path}: ${error.message} (line ${error.line}, column ${error.col})\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(minified));
