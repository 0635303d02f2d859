import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabase } from '@yanxiu/database';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningPlatform {
  gateway: string;
  stop: () => Promise<void>;
}

/**
 * Runs the same launcher as `npm run platform`, in the foreground, on this run's own ports and databases.
 * `extraEnv` reaches the launcher and so every service it starts (e.g. an OTLP endpoint).
 */
export async function startPlatform(extraEnv: Readonly<Record<string, string>> = {}): Promise<RunningPlatform> {
  const run = randomBytes(4).toString('hex');
  // Below Linux's ephemeral range (32768–60999): a port there may be taken by any outgoing connection.
  const base = 20000 + (parseInt(run.slice(0, 4), 16) % 12000);
  const ports = {
    gateway: base,
    identityHttp: base + 1,
    identityGrpc: base + 2,
    reportingHttp: base + 3,
    reportingGrpc: base + 4,
    identityRelayHttp: base + 5,
    reportingConsumerHttp: base + 6,
    catalogHttp: base + 7,
    catalogGrpc: base + 8,
    catalogRelayHttp: base + 9,
    catalogConsumerHttp: base + 10,
    progressHttp: base + 11,
    progressGrpc: base + 12,
    progressConsumerHttp: base + 13,
  };
  const options = {
    ports,
    databases: { identity: `e2e_identity_${run}`, reporting: `e2e_reporting_${run}`, catalog: `e2e_catalog_${run}`, progress: `e2e_progress_${run}` },
    kafkaGroup: `e2e-reporting-${run}`,
    catalogKafkaGroup: `e2e-catalog-${run}`,
    progressKafkaGroup: `e2e-progress-${run}`,
    logDir: path.join(os.tmpdir(), `yanxiu-e2e-${run}`),
    secrets: { PERSONAL_DATA_KEY: randomBytes(32).toString('hex'), PERSONAL_DATA_HASH_KEY: randomBytes(32).toString('hex') },
  };
  const launcher: ChildProcess = spawn(process.execPath, ['deploy/local/platform.mjs', 'run'], {
    cwd: workspaceRoot,
    // The specs call the gateway far faster than people do; the limit itself is tested in the gateway.
    env: { ...process.env, RATE_LIMIT_PER_MINUTE: '1000000', ...extraEnv, YANXIU_PLATFORM_OPTIONS: JSON.stringify(options) },
    // Our end of stdin closes when this process dies, and the launcher then stops its services.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    launcher.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) resolve();
    });
    launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.once('exit', (code) => reject(new Error(`platform exited with ${code} before it was ready (logs in ${options.logDir}):\n${output}`)));
  });
  return {
    gateway: `http://127.0.0.1:${ports.gateway}`,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (launcher.exitCode !== null) return resolve();
        launcher.once('exit', () => resolve());
        launcher.kill('SIGTERM');
      });
      // Each run's databases are its own; leaving them would fill the server run after run.
      const server = { host: process.env.DB_HOST ?? '', port: Number(process.env.DB_PORT), username: process.env.DB_USER ?? '', password: process.env.DB_PASSWORD ?? '' };
      await Promise.all(Object.values(options.databases).map((database) => dropDatabase({ ...server, database })));
    },
  };
}
