import { startOpsServer } from '@yanxiu/observability';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** Something a worker process runs beside the others: a relay, a consumer, a sweep. */
export interface WorkerPart {
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export interface WorkerProcessOptions {
  /** The process's name in logs, e.g. `catalog-consumer`. */
  name: string;
  logger: Logger;
  dataSource: DataSource;
  /** Where /metrics and /health/* are served. */
  http: { port: number; host: string };
  /** Started in this order, stopped in the reverse one. */
  parts: WorkerPart[];
}

/**
 * The shape every relay and consumer process shares: start its parts, serve the ops endpoints
 * (ready = the database answers), and on SIGTERM/SIGINT stop the parts before the database goes,
 * so offsets and outbox rows are settled before exit.
 */
export async function runWorkerProcess({ name, logger, dataSource, http, parts }: WorkerProcessOptions): Promise<void> {
  for (const part of parts) await part.start();
  const ops = await startOpsServer({ ...http, checks: [{ name: 'database', check: () => dataSource.query('SELECT 1') }] });
  logger.info({ http: ops.port }, `${name} started`);

  const shutdown = async () => {
    for (const part of [...parts].reverse()) await part.stop();
    await ops.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}
