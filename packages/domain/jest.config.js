import preset from '../../jest.preset.js';

export default {
  ...preset,
  rootDir: ".",
  collectCoverageFrom: ["src/**/*.ts", "!src/**/*.spec.ts", "!src/**/*.spec-helper.ts", "!src/testing/**", "!src/index.ts"],
  coverageThreshold: { global: { lines: 95 } },
};
