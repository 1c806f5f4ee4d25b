import preset from '../../jest.preset.js';

export default {
  ...preset,
  rootDir: '.',
  // One browser and one api app per file; they are heavy on a 2-core machine, so files run one at a time.
  maxWorkers: 1,
  testTimeout: 90_000,
};
