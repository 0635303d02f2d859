import { jurisdictionFilter, type Principal } from '@yanxiu/auth';
import type { progress } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { assertAdminOver } from '../access.js';
import { ProgressError } from '../progress.error.js';

const MAX_PAGE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

/** A project's participants under an org (a school, a county…) with their progress, for admins over it; paged by teacher id. */
export class ListOrgProgressUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(principal: Principal, request: progress.ListOrgProgressRequest): Promise<progress.ListOrgProgressResponse> {
    const orgPath = request.orgPath || principal.orgPath || '';
    assertAdminOver(principal, orgPath, 'listing progress');
    if (!UUID.test(request.projectId)) throw new ProgressError('invalid_argument', 'project_id must be a project UUID');
    if (request.pageToken && !UUID.test(request.pageToken)) throw new ProgressError('invalid_argument', 'page_token is not one this service issued');
    if (request.pageSize > MAX_PAGE) throw new ProgressError('invalid_argument', `page_size is at most ${MAX_PAGE}`);
    const pageSize = request.pageSize || 100;
    const within = jurisdictionFilter('p.org_path', orgPath);

    const rows: Row[] = await this.dataSource.query(
      `SELECT p.teacher_id, p.org_path, p.role,
         (SELECT COUNT(*) FROM counted_courses cc WHERE cc.teacher_id = p.teacher_id AND cc.project_id = p.project_id) AS courses_counted,
         (SELECT COUNT(*) FROM course_progress cp WHERE cp.teacher_id = p.teacher_id AND cp.project_id = p.project_id AND cp.completed_at IS NOT NULL) AS courses_completed,
         (SELECT COALESCE(SUM(cp.watched_seconds), 0) FROM course_progress cp WHERE cp.teacher_id = p.teacher_id AND cp.project_id = p.project_id) AS watched_seconds,
         EXISTS (SELECT 1 FROM project_qualifications q WHERE q.teacher_id = p.teacher_id AND q.project_id = p.project_id) AS qualified,
         EXISTS (SELECT 1 FROM credit_records c WHERE c.teacher_id = p.teacher_id AND c.source = 'project' AND c.source_key = p.project_id) AS credit_registered
       FROM participants p
       WHERE p.project_id = ? AND p.enrolled = 1 AND ${within.sql} AND p.teacher_id > ?
       ORDER BY p.teacher_id LIMIT ?`,
      [request.projectId, ...within.params, request.pageToken || '', pageSize + 1],
    );
    const totals: Array<{ participants: string | number; qualified: string | number | null }> = await this.dataSource.query(
      `SELECT COUNT(*) AS participants, SUM(EXISTS (SELECT 1 FROM project_qualifications q WHERE q.teacher_id = p.teacher_id AND q.project_id = p.project_id)) AS qualified
       FROM participants p WHERE p.project_id = ? AND p.enrolled = 1 AND ${within.sql}`,
      [request.projectId, ...within.params],
    );
    const page = rows.slice(0, pageSize);
    return {
      projectId: request.projectId,
      orgPath,
      participants: page.map((r) => ({
        teacherId: r.teacher_id,
        orgPath: r.org_path,
        role: r.role,
        coursesCounted: Number(r.courses_counted),
        coursesCompleted: Number(r.courses_completed),
        watchedSeconds: Number(r.watched_seconds),
        qualified: Number(r.qualified) === 1,
        creditRegistered: Number(r.credit_registered) === 1,
      })),
      participantsTotal: Number(totals[0]?.participants ?? 0),
      qualifiedTotal: Number(totals[0]?.qualified ?? 0),
      nextPageToken: rows.length > pageSize ? (page[page.length - 1]?.teacher_id ?? '') : '',
    };
  }
}
