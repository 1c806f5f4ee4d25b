// Shared Jest settings: every project runs in ESM mode with @swc/jest.
// NODE_OPTIONS=--experimental-vm-modules is set by each project's test script.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const swcrc = JSON.parse(readFileSync(fileURLToPath(new URL('./.swcrc', import.meta.url)), 'utf8'));
delete swcrc.$schema;

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  // Workspace packages resolve to their TypeScript sources (the `@webhooks/source` export condition), never to dist/.
  testEnvironmentOptions: { customExportConditions: ['@webhooks/source', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'lcov'],
};
