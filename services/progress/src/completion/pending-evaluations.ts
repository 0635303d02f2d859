import type { Logger } from '@yanxiu/observability';
import type { DataSource } from 'typeorm';
import { placeholders, sqlOf } from '../sql.js';
import type { WatchKey } from '../watching/heartbeat-decoding.js';
import type { WatchStateRepository } from '../watching/watch-state.repository.js';
import type { ProgressEvaluator } from './progress-evaluator.js';

/**
 * Works off pending_evaluations: teacher × course progress to recompute after a change that touched
 * many teachers at once (a study window moved, course rules or a quiz list changed). Small batches,
 * each in its own transaction under the teachers' locks, rows taken with SKIP LOCKED so replicas share
 * the work. A batch that fails stays queued and is tried again.
 */
export class PendingEvaluations {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly learners: WatchStateRepository,
    private readonly evaluator: ProgressEvaluator,
    private readonly logger: Logger,
    private readonly batchSize = 200,
    private readonly idleMs = 1000,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  /** One batch; how many pairs it evaluated. */
  runOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const sql = sqlOf(manager);
      const rows: Array<{ teacher_id: string; course_id: string }> = await sql.query(
        'SELECT teacher_id, course_id FROM pending_evaluations ORDER BY teacher_id, course_id LIMIT ? FOR UPDATE SKIP LOCKED',
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const keys: WatchKey[] = rows.map((r) => ({ teacherId: r.teacher_id, courseId: r.course_id }));
      await this.learners.lockLearners(
        sql,
        keys.map((k) => k.teacherId),
      );
      await this.evaluator.reevaluate(sql, keys);
      await sql.query(
        `DELETE FROM pending_evaluations WHERE (teacher_id, course_id) IN (${placeholders(keys.length, 2)})`,
        keys.flatMap((k) => [k.teacherId, k.courseId]),
      );
      return keys.length;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let done = 0;
      try {
        done = await this.runOnce();
      } catch (error) {
        this.logger.error({ err: error }, 'pending evaluations: a batch failed; it stays queued');
      }
      if (done < this.batchSize) await idle(this.idleMs, this.stopping.signal);
    }
  }
}

/** Waits `ms`, or less when stopping: a stop must not wait out the idle time. */
function idle(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
