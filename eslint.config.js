// ESLint's flat config for www/ and tests/ (`npm run lint` in tests/). The rules are in
// tests/eslint-rules.js, next to the npm packages they import.
export { default } from './tests/eslint-rules.js';
