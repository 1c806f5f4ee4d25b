// One flat config for the whole workspace. Each project runs `eslint .` from its root.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** The dependency rules between tagged projects; the domain may import only `domainImports`. */
const boundaries = (domainImports) => ({
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], allowedExternalImports: domainImports },
    { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain'] },
    // The one composition wires the adapters to the domain; apps and tools build the service from it.
    { sourceTag: 'type:composition', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter'] },
    // No app is imported as a library: not by another app, not by a tool. Tests use the test kit
    // (a development dependency, never in the production install).
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:composition', 'type:testing'] },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:composition', 'type:tool', 'type:client', 'type:testing'] },
    // The test kit starts the apps as processes (by path), so it imports no app.
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter'] },
    // The published client stands alone: it knows the service only through its OpenAPI document.
    { sourceTag: 'type:client', onlyDependOnLibsWithTags: [] },
  ],
});
// The domain is pure: node:crypto for HMAC and hashing. Its tests and testing entry may also use test libraries.
const DOMAIN_IMPORTS = ['node:crypto'];
const DOMAIN_TEST_IMPORTS = ['node:crypto', 'fast-check', '@jest/globals', 'standardwebhooks'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/.data/**', '**/*.js', '**/*.cjs', '**/*.mjs', '**/ui/static/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Port implementations are async by contract even when they need not await.
      '@typescript-eslint/require-await': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries(DOMAIN_TEST_IMPORTS)],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.spec-helper.ts', 'packages/domain/src/testing/**'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(DOMAIN_IMPORTS)] },
  },
);
