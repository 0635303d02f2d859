import { catalogSelection, Topics } from '@yanxiu/contracts';
import type { Logger } from '@yanxiu/observability';
import type { DataSource } from 'typeorm';
import { publish } from '../catalog-events.js';
import type { SelectionContext } from './selection-context.js';

/** Today's date in China Standard Time (UTC+8, no daylight saving). */
export const chinaToday = (now: Date): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Once a project's study starts, selections are locked (every write checks the date itself). This
 * sweep then publishes, per enrolled trainee and group leader, the final list of what counts
 * (CountedCoursesChanged, final = true) and, last, SelectionsLocked. It works in batches by teacher
 * id, each batch's events and cursor committed together, so a crash resumes without gaps or repeats;
 * replicas skip a project another one holds. A learner whose enrollment reaches catalog after their
 * batch gets their final list from that event (CountedCoursesPublisher.republishTeachers).
 */
export class LockSelectionsJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
    private readonly options: { batchSize?: number; now?: () => Date; logger?: Logger } = {},
  ) {}

  /** Sweeps until nothing is left to lock; returns the number of batches committed. */
  async runOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 200;
    let batches = 0;
    for (;;) {
      const progressed = await this.dataSource.transaction(async (manager) => {
        const now = this.options.now?.() ?? new Date();
        const claimed = await this.ctx.projections.claimProjectToLock(manager, chinaToday(now));
        if (!claimed) return false;
        const { project, cursor } = claimed;
        const policy = await this.ctx.policies.find(manager, project.id);
        const learners = policy ? await this.ctx.projections.learnersAfter(manager, project.id, cursor, batchSize) : [];
        if (policy) await this.ctx.counted.publishFor(manager, project, policy.policy, learners, true);
        const last = learners[learners.length - 1];
        if (learners.length === batchSize && last) {
          await this.ctx.projections.advanceLock(manager, project.id, { cursor: last.teacherId });
        } else {
          await this.ctx.projections.advanceLock(manager, project.id, { lockedAt: now });
          const locked: catalogSelection.SelectionsLocked = { projectId: project.id, lockedAt: now.toISOString(), studyStartDate: project.studyStart };
          await publish(manager, [{ topic: Topics.selectionsLocked, key: project.id, type: 'yanxiu.catalog.v1.SelectionsLocked', payload: catalogSelection.SelectionsLocked.encode(locked).finish() }]);
          this.options.logger?.info({ projectId: project.id }, 'selections locked');
        }
        return true;
      });
      if (!progressed) return batches;
      batches++;
    }
  }

  start(intervalMs: number): void {
    const tick = () => {
      // One sweep at a time per process; other replicas are kept apart by SKIP LOCKED.
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => this.options.logger?.error({ err }, 'lock sweep failed; retrying at the next tick'))
        .finally(() => (this.running = null));
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
