import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
// The same launcher `npm run platform` uses, on ports and databases of this run's own.
// @ts-expect-error plain ESM script without type declarations
import { startPlatform as start } from '../../deploy/local/platform.mjs';

export interface RunningPlatform {
  gateway: string;
  stop: () => Promise<void>;
  restart: (name: string) => void;
}

export async function startPlatform(): Promise<RunningPlatform> {
  const run = randomBytes(4).toString('hex');
  const base = 20000 + (parseInt(run.slice(0, 4), 16) % 20000);
  const ports = { gateway: base, identityHttp: base + 1, identityGrpc: base + 2, reportingHttp: base + 3, reportingGrpc: base + 4 };
  const platform = (await start({
    ports,
    databases: { identity: `e2e_identity_${run}`, reporting: `e2e_reporting_${run}` },
    kafkaGroup: `e2e-reporting-${run}`,
    logDir: path.join(os.tmpdir(), `yanxiu-e2e-${run}`),
    secrets: { PERSONAL_DATA_KEY: randomBytes(32).toString('hex'), PERSONAL_DATA_HASH_KEY: randomBytes(32).toString('hex') },
  })) as { stop: () => Promise<void>; restart: (name: string) => void };
  return { gateway: `http://127.0.0.1:${ports.gateway}`, stop: () => platform.stop(), restart: (name) => platform.restart(name) };
}
