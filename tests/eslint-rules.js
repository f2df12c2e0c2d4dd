// ESLint's rules for the page (www/) and the end-to-end tests (tests/): the recommended
// rules, plus the project's limit of about 80 lines per function. They live here, beside the
// npm packages they import; ../eslint.config.js (which must sit above every file it lints)
// re-exports them. Run from tests/ as `npm run lint`. Paths are relative to the repository.

import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['www/pkg/**', 'www/pkg-relaxed/**', '**/node_modules/**', 'target/**'] },
  js.configs.recommended,
  {
    files: ['www/**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['www/worker.js'],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    // Node runs the tests; the callbacks they hand to page.evaluate run in the browser.
    files: ['tests/**/*.mjs', 'tests/**/*.js', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
  },
  {
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
];
