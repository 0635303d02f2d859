const path = require('node:path');
const { base, root } = require('../jest.preset.cjs');

module.exports = {
  ...base,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  setupFiles: [path.join(root, 'libs', 'testing', 'src', 'load-stack-env.cjs')],
  testTimeout: 180000,
};
