// House rules beyond layout (Prettier owns layout): no unused code, no floating promises, type-only imports
// marked as such. Type-aware, so a promise from Node's or undici's API counts as much as one of ours.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.dist-next/', '.dist-old/', 'dist-bench/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
    },
  },
  { files: ['bin/*.js'], languageOptions: { globals: { process: 'readonly', setTimeout: 'readonly' } } },
  // Servers the tests start as processes of their own: plain Node scripts.
  {
    files: ['test/helpers/*.mjs'],
    languageOptions: { globals: { process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
