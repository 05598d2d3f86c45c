import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The folders under src/ that features share (ARCHITECTURE.md, the tree and the import rule).
const kernels = [
  'accounts',
  'assurance',
  'attachment-store',
  'backup',
  'charts',
  'concern-history',
  'concerns',
  'db',
  'domain',
  'field-encryption',
  'jobs',
  'mail',
  'reports',
  'retention',
  'uploads-between-steps',
  'web',
];

/** What a feature's file may import: a kernel, errors.ts, config.ts (and `alsoAllowed`); never another feature. */
function featureImports(alsoAllowed = []) {
  const allowed = [...kernels.map((folder) => `${folder}/`), String.raw`errors\.ts$`, String.raw`config\.ts$`];
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: String.raw`^\.\./(?!\.\./)[^/]+/|/features/`,
            message:
              'A feature does not import another feature: move what they share into a kernel (src/concerns/ or beside it), or use test/support builders in tests.',
          },
          {
            regex: String.raw`^\.\./\.\./(?!${[...allowed, ...alsoAllowed].join('|')})`,
            message: `A feature imports only the kernels (${kernels.join('/, ')}/), errors.ts and config.ts: see the import rule in ARCHITECTURE.md.`,
          },
        ],
      },
    ],
  };
}

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
  // The import rule (ARCHITECTURE.md): a feature imports only the kernels below, errors.ts and
  // config.ts, never another feature; its tests add test/support/ and the app itself.
  {
    files: ['src/features/**/*.ts'],
    rules: featureImports(),
  },
  {
    files: ['src/features/**/*.test.ts'],
    rules: featureImports([String.raw`\.\./test/support/`, String.raw`app\.ts$`]),
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
                'Only the composition root (src/app.ts) imports features: move what is shared into a kernel (src/concerns/ or beside it).',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
