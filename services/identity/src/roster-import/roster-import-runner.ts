import { randomUUID } from 'node:crypto';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { RosterImportRepository } from './roster-import.repository.js';
import { LeaseLostError, type RunRosterImportUseCase } from './run-roster-import.use-case.js';

export interface RosterImportRunnerOptions {
  /** Jobs this process runs at once; 0 = none (imports run on other replicas). */
  workers: number;
  leaseSeconds: number;
  /** How often an idle worker looks for queued or abandoned jobs. */
  pollMs: number;
}

/**
 * The background workers of this identity process: each claims the oldest queued job (or one whose
 * worker died: its lease ran out), keeps the lease alive while it runs it, and on shutdown stops
 * after the current batch and hands the job back. Any replica may run any job.
 */
export class RosterImportRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RosterImportRunner');
  private readonly running = new Set<AbortController>();
  private loops: Promise<void>[] = [];
  private stopping = false;
  private wakeUp: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: RosterImportRepository,
    private readonly run: RunRosterImportUseCase,
    private readonly options: RosterImportRunnerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.loops.length > 0) return;
    this.stopping = false;
    this.loops = Array.from({ length: this.options.workers }, () => this.loop());
  }

  /** A job was just started: idle workers look now instead of at their next poll. */
  nudge(): void {
    for (const wake of this.wakeUp.splice(0)) wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const controller of this.running) controller.abort();
    this.nudge();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.runNext();
      } catch (error) {
        this.logger.error(`roster import worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      if (!worked && !this.stopping) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp.push(done);
    });
  }

  /** Claims and runs one job; false when none was waiting. */
  async runNext(): Promise<boolean> {
    const runnerId = randomUUID();
    const job = await this.jobs.claimNext(this.dataSource.manager, runnerId, this.options.leaseSeconds);
    if (!job) return false;
    const controller = new AbortController();
    this.running.add(controller);
    if (this.stopping) controller.abort();
    const renewal = setInterval(() => {
      this.jobs.renewLease(this.dataSource.manager, job.id, runnerId, this.options.leaseSeconds).then(
        (held) => held || controller.abort(),
        (error: unknown) => this.logger.warn(`roster import ${job.id}: lease renewal failed: ${String(error)}`),
      );
    }, (this.options.leaseSeconds * 1000) / 3);
    try {
      const outcome = await this.run.execute(job, runnerId, controller.signal);
      if (outcome === 'stopped') await this.jobs.release(this.dataSource.manager, job.id, runnerId);
    } catch (error) {
      // Infrastructure failures keep the lease: the job is retried when it runs out, not in a tight loop.
      if (error instanceof LeaseLostError) this.logger.warn(error.message);
      else this.logger.error(`roster import ${job.id} (attempt ${job.attempts}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      clearInterval(renewal);
      this.running.delete(controller);
    }
    return true;
  }
}
