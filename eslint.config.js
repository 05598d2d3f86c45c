import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'data/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['it', 'describe', 'test'], package: 'node:test' }] },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'Focused tests skip the rest of the suite in CI.' },
        { object: 'it', property: 'only', message: 'Focused tests skip the rest of the suite in CI.' },
        { object: 'test', property: 'only', message: 'Focused tests skip the rest of the suite in CI.' },
      ],
    },
  },
  // Haven's own scripts run in the browser (progressive enhancement), without a build step.
  {
    files: ['src/web/public/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['window', 'document', 'navigator', 'fetch', 'atob', 'btoa'].map((name) => [name, 'readonly']),
      ),
    },
  },
  // The import rule (ARCHITECTURE.md): a feature imports the kernel (src/concerns/), domain/, db/,
  // web/, mail/, jobs/, errors.ts and config.ts, never another feature; nothing outside features/
  // in src/ imports a feature, except the composition root (app.ts).
  {
    files: ['src/features/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.\./(?!\.\./)[^/]+/|/features/`,
              message:
                'A feature does not import another feature: move what they share into the kernel (src/concerns/), or use test/support builders in tests.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/features/**', 'src/app.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`(^|/)features/`,
              message:
                'Only the composition root (src/app.ts) imports features: move what is shared into the kernel (src/concerns/) or below it.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
