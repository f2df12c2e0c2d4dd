// Minifies the site's scripts and stylesheets for `cargo xtask dist` (xtask/src/minify.rs):
// reads `{"path": "source", …}` as JSON on stdin and writes `{"path": "minified", …}` on stdout.
// Each file is minified alone and a script stays an ES module: imports and quoted file names are
// left as they are, so dist/ can still give them hashed names. Terser folds constants with
// JavaScript's own arithmetic (the same doubles the browser would compute) and its unsafe
// options stay off; lightningcss only drops what the browser ignores (no prefixes, no targets).

import { minify } from 'terser';
import { transform } from 'lightningcss';

const OPTIONS = {
  module: true,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const sources = JSON.parse(Buffer.concat(chunks).toString('utf8'));

/** The minified text of one file, by its extension. */
async function minified(path, code) {
  if (path.endsWith('.css')) {
    return transform({ filename: path, code: Buffer.from(code), minify: true }).code.toString('utf8');
  }
  return (await minify(code, OPTIONS)).code;
}

const results = {};
for (const [path, code] of Object.entries(sources)) {
  try {
    results[path] = await minified(path, code);
  } catch (error) {
    const where = error.line === undefined ? '' : ` (line ${error.line}, column ${error.col ?? error.column})`;
    process.stderr.write(`${path}: ${error.message}${where}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(results));
