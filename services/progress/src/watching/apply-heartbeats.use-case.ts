import type { StreamRecord, FlushOutcome } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { sqlOf, type Sql } from '../sql.js';
import { decodeHeartbeats, watchKey, type WatchKey } from './heartbeat-decoding.js';
import type { WatchPolicy } from './watch-credit.js';
import { emptyWatchState, withCredits, type WatchState } from './watch-state.js';
import type { WatchStateRepository } from './watch-state.repository.js';
import { heartbeatSegments, heartbeatsApplied, heartbeatStatements, watchStatesWritten } from './watching.metrics.js';

/** What follows a change of watch states in the same transaction (course progress, completions). */
export interface WatchedListener {
  afterWatching(sql: Sql, changed: ReadonlyArray<WatchKey & { state: WatchState }>): Promise<void>;
}

/**
 * Applies one flush of heartbeat messages (many teachers, several partitions) in one transaction
 * with a handful of statements: lock the teachers, read their affected course states, merge the
 * new intervals in memory, write back only the states that changed, then let course progress
 * follow. Idempotent: redelivered heartbeats merge into what is already there and change nothing.
 */
export class ApplyHeartbeatsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly states: WatchStateRepository,
    private readonly policy: WatchPolicy,
    private readonly listener?: WatchedListener,
  ) {}

  async execute(records: readonly StreamRecord[]): Promise<FlushOutcome> {
    const decoded = decodeHeartbeats(records, this.policy);
    const entries = [...decoded.credits.values()];
    let statements = 0;
    let written = 0;
    if (entries.length > 0) {
      // START TRANSACTION and COMMIT count too.
      statements += 2;
      await this.dataSource.transaction(async (manager) => {
        const sql = sqlOf(manager, () => (statements += 1));
        await this.states.lockLearners(
          sql,
          entries.map((e) => e.teacherId),
        );
        const current = await this.states.load(sql, entries);
        const changed: Array<WatchKey & { state: WatchState }> = [];
        for (const entry of entries) {
          const merged = withCredits(current.get(watchKey(entry)) ?? emptyWatchState(), entry.credits);
          if (merged.changed) changed.push({ teacherId: entry.teacherId, courseId: entry.courseId, state: merged.state });
        }
        await this.states.save(sql, changed, new Date());
        await this.listener?.afterWatching(sql, changed);
        written = changed.length;
      });
    }
    heartbeatsApplied.inc(decoded.heartbeats);
    heartbeatStatements.inc(statements);
    watchStatesWritten.inc(written);
    heartbeatSegments.inc({ outcome: 'credited' }, entries.reduce((n, e) => n + e.credits.length, 0));
    for (const [reason, n] of decoded.refusedSegments) heartbeatSegments.inc({ outcome: reason }, n);
    return { rejected: decoded.rejected };
  }
}
