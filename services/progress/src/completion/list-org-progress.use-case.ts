import { jurisdictionFilter, type Principal } from '@yanxiu/auth';
import type { progress } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { assertAdminOver } from '../access.js';
import { ProgressError } from '../progress.error.js';
import { participantProgress } from './participant-progress.query.js';

const MAX_PAGE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

    const rows = await participantProgress(this.dataSource, request.projectId, within, { afterTeacherId: request.pageToken || '', limit: pageSize + 1 });
    const totals: Array<{ participants: string | number; qualified: string | number | null }> = await this.dataSource.query(
      `SELECT COUNT(*) AS participants, SUM(EXISTS (SELECT 1 FROM project_qualifications q WHERE q.teacher_id = p.teacher_id AND q.project_id = p.project_id)) AS qualified
       FROM participants p WHERE p.project_id = ? AND p.enrolled = 1 AND ${within.sql}`,
      [request.projectId, ...within.params],
    );
    const page = rows.slice(0, pageSize);
    return {
      projectId: request.projectId,
      orgPath,
      participants: page,
      participantsTotal: Number(totals[0]?.participants ?? 0),
      qualifiedTotal: Number(totals[0]?.qualified ?? 0),
      nextPageToken: rows.length > pageSize ? (page[page.length - 1]?.teacherId ?? '') : '',
    };
  }
}
