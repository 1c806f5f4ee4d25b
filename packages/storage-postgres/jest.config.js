import preset from '../../jest.preset.js';

export default {
  ...preset,
  rootDir: '.',
  // PGlite starts in ~2-4 s, the 10,000-delivery contract test takes a few more.
  testTimeout: 60_000,
};
