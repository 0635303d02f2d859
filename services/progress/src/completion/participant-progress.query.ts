import type { progress } from '@yanxiu/contracts';
import type { Sql } from '../sql.js';

interface Row {
  teacher_id: string;
  org_path: string;
  role: string;
  courses_counted: string | number;
  courses_completed: string | number;
  watched_seconds: string | number;
  qualified: string | number;
  credit_registered: string | number;
}

/**
 * Enrolled participants of a project (`p`, the participants table) with their progress, by teacher id:
 * the one query behind an org's list for its admins and a study group's for its leader and tutor.
 * `filter` narrows `p` further (an SQL condition and its parameters); `page` continues after a teacher id.
 */
export async function participantProgress(
  sql: Pick<Sql, 'query'>,
  projectId: string,
  filter: { sql: string; params: readonly unknown[] },
  page?: { afterTeacherId: string; limit: number },
): Promise<progress.ParticipantProgress[]> {
  const rows: Row[] = await sql.query(
    `SELECT p.teacher_id, p.org_path, p.role,
       (SELECT COUNT(*) FROM counted_courses cc WHERE cc.teacher_id = p.teacher_id AND cc.project_id = p.project_id) AS courses_counted,
       (SELECT COUNT(*) FROM course_progress cp WHERE cp.teacher_id = p.teacher_id AND cp.project_id = p.project_id AND cp.completed_at IS NOT NULL) AS courses_completed,
       (SELECT COALESCE(SUM(cp.watched_seconds), 0) FROM course_progress cp WHERE cp.teacher_id = p.teacher_id AND cp.project_id = p.project_id) AS watched_seconds,
       EXISTS (SELECT 1 FROM project_qualifications q WHERE q.teacher_id = p.teacher_id AND q.project_id = p.project_id) AS qualified,
       EXISTS (SELECT 1 FROM credit_records c WHERE c.teacher_id = p.teacher_id AND c.source = 'project' AND c.source_key = p.project_id) AS credit_registered
     FROM participants p
     WHERE p.project_id = ? AND p.enrolled = 1 AND ${filter.sql}${page ? ' AND p.teacher_id > ?' : ''}
     ORDER BY p.teacher_id${page ? ' LIMIT ?' : ''}`,
    [projectId, ...filter.params, ...(page ? [page.afterTeacherId, page.limit] : [])],
  );
  return rows.map((r) => ({
    teacherId: r.teacher_id,
    orgPath: r.org_path,
    role: r.role,
    coursesCounted: Number(r.courses_counted),
    coursesCompleted: Number(r.courses_completed),
    watchedSeconds: Number(r.watched_seconds),
    qualified: Number(r.qualified) === 1,
    creditRegistered: Number(r.credit_registered) === 1,
  }));
}
