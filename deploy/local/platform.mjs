#!/usr/bin/env node
// Runs Yanxiu's services on this machine against the local stack (deploy/local/stack):
// migrations, identity's seeds (the province and its cities; with `up`, the demo province), the services and
// the gateway, then catalog's seed (courses, and the policy of projects catalog has heard of); with `up`, last,
// the demo's kindergarten study starts today and progress gets its courses' watching rules and quiz.
// `node deploy/local/platform.mjs up|down|run`; e2e tests use `run` for their own copy, without the demo province.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const stateDir = process.env.YANXIU_STATE || path.join(os.homedir(), '.local', 'state', 'yanxiu');

export function readEnvFile(file) {
  if (!fs.existsSync(file)) return {};
  const env = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

export function stackEnv() {
  const file = path.join(stateDir, 'stack.env');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: run deploy/local/stack up first`);
  return readEnvFile(file);
}

/** Application secrets of the local platform (not the stack's): generated once, kept in the state dir. */
function platformSecrets() {
  const file = path.join(stateDir, 'platform.env');
  if (!fs.existsSync(file)) {
    const lines = [`PERSONAL_DATA_KEY=${randomBytes(32).toString('hex')}`, `PERSONAL_DATA_HASH_KEY=${randomBytes(32).toString('hex')}`];
    fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  }
  return readEnvFile(file);
}

export const defaultPorts = { gateway: 3000, identityHttp: 3101, identityGrpc: 50051, reportingHttp: 3107, reportingGrpc: 50052, identityRelayHttp: 3102, reportingConsumerHttp: 3108, catalogHttp: 3103, catalogGrpc: 50053, catalogRelayHttp: 3104, catalogConsumerHttp: 3105, progressHttp: 3109, progressGrpc: 50054, progressConsumerHttp: 3110 };

/** The five processes and their environments. */
export function processes({ stack, secrets, ports, databases, kafkaGroup, catalogKafkaGroup = 'catalog', progressKafkaGroup = 'progress', logLevel = 'info' }) {
  const common = {
    DB_HOST: stack.DB_HOST,
    DB_PORT: stack.DB_PORT,
    DB_USER: stack.DB_USER,
    DB_PASSWORD: stack.DB_PASSWORD,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    OIDC_ISSUER: stack.OIDC_ISSUER,
    OIDC_AUDIENCE: stack.OIDC_AUDIENCE,
    LOG_LEVEL: logLevel,
  };
  const identity = {
    ...common,
    ...secrets,
    DB_NAME: databases.identity,
    KAFKA_CLIENT_ID: 'identity',
    HTTP_PORT: String(ports.identityHttp),
    GRPC_URL: `127.0.0.1:${ports.identityGrpc}`,
    KEYCLOAK_URL: stack.KEYCLOAK_URL,
    KEYCLOAK_REALM: stack.KEYCLOAK_REALM,
    KEYCLOAK_IDENTITY_CLIENT_ID: stack.KEYCLOAK_IDENTITY_CLIENT_ID,
    KEYCLOAK_IDENTITY_CLIENT_SECRET: stack.KEYCLOAK_IDENTITY_CLIENT_SECRET,
    // Excel roster import: uploaded rosters and error reports in MinIO.
    S3_ENDPOINT: stack.S3_ENDPOINT,
    S3_REGION: stack.S3_REGION,
    S3_ACCESS_KEY: stack.S3_ACCESS_KEY,
    S3_SECRET_KEY: stack.S3_SECRET_KEY,
  };
  const reporting = { ...common, DB_NAME: databases.reporting, KAFKA_CLIENT_ID: 'reporting', KAFKA_GROUP_ID: kafkaGroup, HTTP_PORT: String(ports.reportingHttp), GRPC_URL: `127.0.0.1:${ports.reportingGrpc}` };
  const catalog = { ...common, DB_NAME: databases.catalog, KAFKA_CLIENT_ID: 'catalog', KAFKA_GROUP_ID: catalogKafkaGroup, HTTP_PORT: String(ports.catalogHttp), GRPC_URL: `127.0.0.1:${ports.catalogGrpc}` };
  const progress = { ...common, DB_NAME: databases.progress, KAFKA_CLIENT_ID: 'progress', KAFKA_GROUP_ID: progressKafkaGroup, HTTP_PORT: String(ports.progressHttp), GRPC_URL: `127.0.0.1:${ports.progressGrpc}` };
  const gateway = {
    ...common,
    HTTP_PORT: String(ports.gateway),
    IDENTITY_GRPC_URL: `127.0.0.1:${ports.identityGrpc}`,
    REPORTING_GRPC_URL: `127.0.0.1:${ports.reportingGrpc}`,
    CATALOG_GRPC_URL: `127.0.0.1:${ports.catalogGrpc}`,
    PROGRESS_GRPC_URL: `127.0.0.1:${ports.progressGrpc}`,
  };
  return {
    migrations: [
      { name: 'identity-migrate', script: 'services/identity/dist/migrate.main.js', env: identity },
      { name: 'identity-seed', script: 'services/identity/dist/demo/seed-demo.main.js', env: identity },
      { name: 'reporting-migrate', script: 'services/reporting/dist/migrate.main.js', env: reporting },
      { name: 'catalog-migrate', script: 'services/catalog/dist/migrate.main.js', env: catalog },
      { name: 'progress-migrate', script: 'services/progress/dist/migrate.main.js', env: progress },
    ],
    // Prints the demo's ids as JSON. It writes the teacher-demo and teacher-study-demo users in the shared Keycloak, so never for e2e runs.
    demoProvince: { name: 'identity-demo-province', script: 'services/identity/dist/demo/seed-demo-province.main.js', env: identity },
    // After the services: catalog hears of identity's projects through identity-relay and catalog-consumer.
    catalogSeed: { name: 'catalog-seed', script: 'services/catalog/dist/demo/seed-demo.main.js', env: catalog },
    // After catalog's seed gave the demo's kindergarten project its policy: its study starts today…
    demoStudy: { name: 'identity-demo-study', script: 'services/identity/dist/demo/start-demo-study.main.js', env: identity },
    // …and once catalog's lock sweep has published what counts, its courses get watching rules and a quiz.
    progressSeed: { name: 'progress-demo-seed', script: 'services/progress/dist/demo/seed-demo.main.js', env: progress },
    services: [
      { name: 'identity', script: 'services/identity/dist/main.js', env: identity, health: `http://127.0.0.1:${ports.identityHttp}/health/ready` },
      {
        name: 'identity-relay',
        script: 'services/identity/dist/relay.main.js',
        env: { ...identity, HTTP_PORT: String(ports.identityRelayHttp) },
        health: `http://127.0.0.1:${ports.identityRelayHttp}/health/ready`,
      },
      { name: 'reporting', script: 'services/reporting/dist/main.js', env: reporting, health: `http://127.0.0.1:${ports.reportingHttp}/health/ready` },
      {
        name: 'reporting-consumer',
        script: 'services/reporting/dist/consumer.main.js',
        env: { ...reporting, HTTP_PORT: String(ports.reportingConsumerHttp) },
        health: `http://127.0.0.1:${ports.reportingConsumerHttp}/health/ready`,
      },
      { name: 'catalog', script: 'services/catalog/dist/main.js', env: catalog, health: `http://127.0.0.1:${ports.catalogHttp}/health/ready` },
      {
        name: 'catalog-relay',
        script: 'services/catalog/dist/relay.main.js',
        env: { ...catalog, HTTP_PORT: String(ports.catalogRelayHttp) },
        health: `http://127.0.0.1:${ports.catalogRelayHttp}/health/ready`,
      },
      {
        name: 'catalog-consumer',
        script: 'services/catalog/dist/consumer.main.js',
        env: { ...catalog, HTTP_PORT: String(ports.catalogConsumerHttp) },
        health: `http://127.0.0.1:${ports.catalogConsumerHttp}/health/ready`,
      },
      { name: 'progress', script: 'services/progress/dist/main.js', env: progress, health: `http://127.0.0.1:${ports.progressHttp}/health/ready` },
      {
        name: 'progress-consumer',
        script: 'services/progress/dist/consumer.main.js',
        env: { ...progress, HTTP_PORT: String(ports.progressConsumerHttp) },
        health: `http://127.0.0.1:${ports.progressConsumerHttp}/health/ready`,
      },
      { name: 'gateway', script: 'services/gateway/dist/main.js', env: gateway, health: `http://127.0.0.1:${ports.gateway}/health/live` },
    ],
  };
}

/** Runs a step to its end; returns its stdout. */
function runToEnd({ name, script, env }) {
  const result = spawnSync(process.execPath, [script], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${name} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
  return result.stdout;
}

// YANXIU_HEALTH_TIMEOUT_MS: more patience on a loaded machine (many services start at once on few cores).
async function waitHealthy(name, url, child, timeoutMs = Number(process.env.YANXIU_HEALTH_TIMEOUT_MS ?? 120000)) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it became healthy`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} not healthy at ${url} within ${timeoutMs} ms`);
}

/**
 * Migrates, seeds and starts every process; returns handles to stop or kill them. `demo`: also the demo
 * province (济南's 历下区 and 市中区, their teachers, this year's primary project in course selection and
 * kindergarten project in study; README).
 */
export async function startPlatform({ ports = defaultPorts, databases = { identity: 'yanxiu_identity', reporting: 'yanxiu_reporting', catalog: 'yanxiu_catalog', progress: 'yanxiu_progress' }, kafkaGroup = 'reporting', catalogKafkaGroup = 'catalog', progressKafkaGroup = 'progress', logDir, detached = false, secrets, demo = false } = {}) {
  const plan = processes({ stack: stackEnv(), secrets: secrets ?? platformSecrets(), ports, databases, kafkaGroup, catalogKafkaGroup, progressKafkaGroup });
  for (const step of plan.migrations) runToEnd(step);
  const demoIds = demo ? JSON.parse(runToEnd(plan.demoProvince)) : null;
  fs.mkdirSync(logDir ?? path.join(stateDir, 'logs'), { recursive: true });
  const started = {};
  const launch = (svc) => {
    const log = fs.openSync(path.join(logDir ?? path.join(stateDir, 'logs'), `${svc.name}.log`), 'a');
    const child = spawn(process.execPath, [svc.script], { cwd: root, env: { ...process.env, ...svc.env }, stdio: ['ignore', log, log], detached });
    started[svc.name] = child;
    return child;
  };
  for (const svc of plan.services) launch(svc);
  try {
    for (const svc of plan.services) if (svc.health) await waitHealthy(svc.name, svc.health, started[svc.name]);
    // The demo projects get their course policies once catalog's consumer has them (the seed waits for them).
    runToEnd({ ...plan.catalogSeed, env: { ...plan.catalogSeed.env, ...(demoIds ? { DEMO_PROJECT_IDS: `${demoIds.projectId},${demoIds.studyProjectId}` } : {}) } });
    if (demoIds) {
      runToEnd(plan.demoStudy);
      runToEnd({ ...plan.progressSeed, env: { ...plan.progressSeed.env, DEMO_STUDY_PROJECT_ID: demoIds.studyProjectId, DEMO_STUDY_TEACHER_ID: demoIds.studyTeacherId } });
    }
  } catch (error) {
    // Nobody else will stop what was started: orphans of failed runs pile up and starve the next ones.
    for (const child of Object.values(started)) child.kill('SIGKILL');
    throw error;
  }
  return {
    processes: started,
    /** SIGKILLs one process and starts it again (for fault tests). */
    restart: (name) => {
      started[name].kill('SIGKILL');
      return launch(plan.services.find((s) => s.name === name));
    },
    stop: async () => {
      await Promise.all(
        Object.values(started).map(
          (child) =>
            new Promise((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', resolve);
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
    },
  };
}

async function main(command) {
  const pidFile = path.join(stateDir, 'platform.pids');
  const stopRunning = () => {
    for (const pid of fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').split('\n').filter(Boolean) : []) {
      try {
        process.kill(Number(pid), 'SIGTERM');
      } catch {
        // already gone
      }
    }
    fs.rmSync(pidFile, { force: true });
  };
  switch (command) {
    case 'up': {
      stopRunning();
      const platform = await startPlatform({ detached: true, demo: true });
      fs.writeFileSync(pidFile, Object.values(platform.processes).map((c) => c.pid).join('\n'));
      for (const child of Object.values(platform.processes)) child.unref();
      console.log(`Yanxiu is up: API http://127.0.0.1:${defaultPorts.gateway}/api/v1, OpenAPI http://127.0.0.1:${defaultPorts.gateway}/docs, logs ${path.join(stateDir, 'logs')}`);
      return;
    }
    case 'run': {
      // Foreground, for tests: options as JSON in YANXIU_PLATFORM_OPTIONS; prints READY, stops on SIGTERM
      // or when stdin closes, i.e. when the test process that started it dies without stopping it.
      const platform = await startPlatform(JSON.parse(process.env.YANXIU_PLATFORM_OPTIONS ?? '{}'));
      const stop = () => void platform.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      process.stdin.once('end', stop).resume();
      console.log('READY');
      return;
    }
    case 'down':
      stopRunning();
      console.log('Yanxiu services stopped (the stack keeps running: deploy/local/stack down)');
      return;
    default:
      console.error('usage: platform.mjs up|down|run');
      process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
