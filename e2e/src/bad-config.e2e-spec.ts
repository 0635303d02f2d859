import { spawnSync } from 'node:child_process';
import { workspaceRoot } from './platform.js';

/** A service with bad configuration must refuse to start and say which keys are wrong, all of them. */
describe.each([
  ['gateway', 'services/gateway/dist/main.js', { OIDC_ISSUER: 'not a url', HTTP_PORT: '99999' }, ['OIDC_ISSUER', 'HTTP_PORT', 'OIDC_AUDIENCE']],
  [
    'identity',
    'services/identity/dist/main.js',
    { DB_HOST: '127.0.0.1', DB_PORT: 'x', KAFKA_BROKERS: 'nohostport', PERSONAL_DATA_KEY: 'short' },
    ['DB_PORT', 'DB_USER', 'DB_NAME', 'KAFKA_BROKERS', 'PERSONAL_DATA_KEY', 'PERSONAL_DATA_HASH_KEY', 'OIDC_ISSUER'],
  ],
  ['reporting', 'services/reporting/dist/consumer.main.js', { KAFKA_CLIENT_ID: '' }, ['DB_HOST', 'KAFKA_BROKERS', 'KAFKA_CLIENT_ID']],
])('%s with a bad environment', (_name, script, env, badKeys) => {
  it('exits with status 78 naming every bad key', () => {
    const result = spawnSync(process.execPath, [script], { cwd: workspaceRoot, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30000 });
    expect(result.status).toBe(78);
    for (const key of badKeys) expect(result.stderr).toContain(`- ${key}:`);
    expect(result.stderr).not.toContain('short'.repeat(2));
  });
});
