import type { Sql } from '../sql.js';
import { placeholders } from '../sql.js';
import { watchKey, type WatchKey } from './heartbeat-decoding.js';
import { decodeWatchState, encodeWatchState, type WatchState } from './watch-state.js';

// Rows per INSERT: a state is a few KB, so this stays far below max_allowed_packet.
const ROWS_PER_STATEMENT = 1000;

/** Plain data access for watch states; the merging rules live in watch-state.ts. */
export class WatchStateRepository {
  /**
   * Locks the teachers (creating their rows) in one statement, in id order so two transactions never
   * wait on each other crosswise. Everything a transaction then reads of these teachers is current.
   */
  async lockLearners(sql: Sql, teacherIds: readonly string[]): Promise<void> {
    const ids = [...new Set(teacherIds)].sort();
    if (ids.length === 0) return;
    await sql.query(`INSERT INTO learners (teacher_id) VALUES ${placeholders(ids.length, 1)} ON DUPLICATE KEY UPDATE teacher_id = VALUES(teacher_id)`, ids);
  }

  async load(sql: Sql, keys: readonly WatchKey[]): Promise<Map<string, WatchState>> {
    const states = new Map<string, WatchState>();
    for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
      const chunk = keys.slice(i, i + ROWS_PER_STATEMENT);
      const rows: Array<{ teacher_id: string; course_id: string; state: string }> = await sql.query(
        `SELECT teacher_id, course_id, state FROM watch_states WHERE (teacher_id, course_id) IN (${placeholders(chunk.length, 2)})`,
        chunk.flatMap((k) => [k.teacherId, k.courseId]),
      );
      for (const row of rows) states.set(watchKey({ teacherId: row.teacher_id, courseId: row.course_id }), decodeWatchState(row.state));
    }
    return states;
  }

  /** Every course state of one teacher (for a project's wall-clock cap over all its courses). */
  async loadTeacher(sql: Sql, teacherId: string, courseIds: readonly string[]): Promise<Map<string, WatchState>> {
    return this.load(
      sql,
      courseIds.map((courseId) => ({ teacherId, courseId })),
    );
  }

  async save(sql: Sql, rows: ReadonlyArray<WatchKey & { state: WatchState }>, now: Date): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      await sql.query(
        `INSERT INTO watch_states (teacher_id, course_id, state, updated_at) VALUES ${placeholders(chunk.length, 4)}
         ON DUPLICATE KEY UPDATE state = VALUES(state), updated_at = VALUES(updated_at)`,
        chunk.flatMap((r) => [r.teacherId, r.courseId, encodeWatchState(r.state), now]),
      );
    }
  }
}
