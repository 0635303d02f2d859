import type { Principal } from '@yanxiu/auth';
import type { progress, progressEntities } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { requireRole } from '../access.js';
import type { FactsRepository } from '../facts/facts.repository.js';
import { ProgressError } from '../progress.error.js';
import { sqlOf, type Sql } from '../sql.js';

const COURSE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** 100 hours of video: far above any course; anything larger is a typo in seconds vs. minutes. */
const MAX_WATCH_SECONDS = 100 * 3600;

interface RulesRow {
  course_id: string;
  required_watch_seconds: number;
  assignment_required: number;
  version: number;
  updated_by: string;
  updated_at: Date;
}

const toMessage = (r: RulesRow): progressEntities.CourseRules => ({
  courseId: r.course_id,
  requiredWatchSeconds: r.required_watch_seconds,
  assignmentRequired: r.assignment_required === 1,
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at.toISOString(),
});

async function findRules(sql: Sql, courseId: string, lock: boolean): Promise<RulesRow | undefined> {
  const rows: RulesRow[] = await sql.query(
    `SELECT course_id, required_watch_seconds, assignment_required, version, updated_by, updated_at FROM course_rules WHERE course_id = ?${lock ? ' FOR UPDATE' : ''}`,
    [courseId],
  );
  return rows[0];
}

/**
 * What completing a course takes (watched threshold, assignment), set by course experts or the
 * province admin. Optimistic: the caller names the version it read. Everyone the course counts for
 * is queued for re-evaluation, so a threshold set after the watching still completes courses.
 */
export class SaveCourseRulesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactsRepository,
  ) {}

  async execute(principal: Principal, request: progress.SaveCourseRulesRequest): Promise<progressEntities.CourseRules> {
    requireRole(principal, ['expert', 'province-admin'], 'setting course rules');
    const problems: string[] = [];
    if (!COURSE_ID.test(request.courseId)) problems.push('course_id: 1-64 letters, digits or . _ : -');
    if (!Number.isInteger(request.requiredWatchSeconds) || request.requiredWatchSeconds < 1 || request.requiredWatchSeconds > MAX_WATCH_SECONDS) {
      problems.push(`required_watch_seconds: from 1 to ${MAX_WATCH_SECONDS}`);
    }
    if (problems.length > 0) throw new ProgressError('invalid_argument', problems.join('; '));
    return this.dataSource.transaction(async (manager) => {
      const sql = sqlOf(manager);
      const held = await findRules(sql, request.courseId, true);
      if ((held?.version ?? 0) !== request.expectedVersion) {
        throw new ProgressError('version_conflict', `course ${request.courseId} rules are at version ${held?.version ?? 0}, not ${request.expectedVersion}: read them again`);
      }
      await sql.query(
        `INSERT INTO course_rules (course_id, required_watch_seconds, assignment_required, version, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE required_watch_seconds = VALUES(required_watch_seconds), assignment_required = VALUES(assignment_required),
           version = VALUES(version), updated_by = VALUES(updated_by), updated_at = VALUES(updated_at)`,
        [request.courseId, request.requiredWatchSeconds, request.assignmentRequired ? 1 : 0, request.expectedVersion + 1, principal.username, new Date()],
      );
      await this.facts.queueEvaluations(sql, { courseId: request.courseId });
      return toMessage((await findRules(sql, request.courseId, false))!);
    });
  }
}
