// Shared jest settings. The code is ESM (NestJS 12 ships ESM only), so jest runs with
// --experimental-vm-modules and @swc/jest transpiles TypeScript keeping decorator metadata.
const path = require('node:path');
const fs = require('node:fs');

const root = __dirname;
const libs = fs.readdirSync(path.join(root, 'libs')).filter((d) => fs.existsSync(path.join(root, 'libs', d, 'src', 'index.ts')));

const base = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: {
    // Libraries are imported by name; tests run them from source, no build needed.
    ...Object.fromEntries(libs.map((d) => [`^@yanxiu/${d}$`, path.join(root, 'libs', d, 'src', 'index.ts')])),
    ...Object.fromEntries(libs.map((d) => [`^@yanxiu/${d}/testing$`, path.join(root, 'libs', d, 'src', 'testing.ts')])),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};

/** Jest config for one project: `unit` (*.spec.ts, no I/O) and `integration` (*.int-spec.ts, real stack). */
function projectConfig(dir) {
  return {
    rootDir: dir,
    // Jest reads timeouts only at the top level, not per project; unit tests finish far below it.
    testTimeout: 120000,
    projects: [
      { ...base, displayName: 'unit', rootDir: dir, testMatch: ['<rootDir>/src/**/*.spec.ts'] },
      {
        ...base,
        displayName: 'integration',
        rootDir: dir,
        testMatch: ['<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
        setupFiles: [path.join(root, 'libs', 'testing', 'src', 'load-stack-env.cjs')],
      },
    ],

  };
}

module.exports = { base, projectConfig, root };
