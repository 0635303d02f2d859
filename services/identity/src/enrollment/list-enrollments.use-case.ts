import { adminLevel, type Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { MAX_PAGE_SIZE } from '../listing/page.js';
import { requestedSubtree } from '../orgs/org-scope.js';
import type { OrgRecord, OrgRepository } from '../orgs/org.repository.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import type { ConfirmationCounts, ConfirmationStatus, EnrollmentRole, EnrollmentUnitLevel, EnrollmentUnitRecord, EnrollmentView } from './enrollment.js';
import { cascadeLevelOf, projectForCaller } from './enrollment-access.js';
import type { EnrollmentCursor, EnrollmentRepository } from './enrollment.repository.js';

export interface ListEnrollmentsQuery {
  projectId: string;
  /** Empty: the caller's own org. */
  orgId: string;
  subject?: string;
  role?: EnrollmentRole;
  confirmation?: ConfirmationStatus;
  /** Only these teachers (at most a page's worth); absent = any. */
  teacherIds?: readonly string[];
  pageSize?: number;
  pageToken?: string;
}

export interface EnrollmentPage {
  enrollments: EnrollmentView[];
  nextPageToken: string;
  total: number;
}

const encodeCursor = (c: EnrollmentCursor) => Buffer.from(JSON.stringify([c.orgPath, c.id])).toString('base64url');

function decodeCursor(token: string): EnrollmentCursor {
  try {
    const [orgPath, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof orgPath === 'string' && typeof id === 'string') return { orgPath, id };
  } catch {
    // reported below
  }
  throw new IdentityError('invalid_argument', 'pageToken is not one this service issued');
}

// A teacher's token carries their school's path too; lists of participants are for admins.
function assertAdmin(principal: Principal): void {
  if (!adminLevel(principal)) throw new IdentityError('role_not_allowed', 'participant lists and progress are for admins; teachers see their own enrollments');
}

/** An admin's org of the query, inside their jurisdiction, for a project that reaches them. */
async function scope(dataSource: DataSource, orgs: OrgRepository, projects: TrainingProjectRepository, principal: Principal, projectId: string, orgId: string) {
  const project = await projectForCaller(dataSource.manager, projects, principal, projectId);
  const org = await orgs.findById(dataSource.manager, orgId);
  if (!org) throw new IdentityError('org_not_found', `org ${orgId} not found`);
  assertAdmin(principal);
  assertInJurisdiction(principal, org.path);
  return { project, org };
}

/**
 * Participants in an org's subtree (a school, county, city or the province; default the caller's own), for
 * its admins; paginated by unit path. Filtered by teacher ids, it names another service's page of teachers:
 * those outside the subtree are absent, as if they did not exist.
 */
export class ListEnrollmentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
  ) {}

  async execute(principal: Principal, query: ListEnrollmentsQuery): Promise<EnrollmentPage> {
    const size = query.pageSize || 100;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw new IdentityError('invalid_argument', `pageSize must be 1–${MAX_PAGE_SIZE}, got ${size}`);
    const teacherIds = query.teacherIds ?? [];
    if (teacherIds.length > MAX_PAGE_SIZE) throw new IdentityError('invalid_argument', `teacherIds: at most ${MAX_PAGE_SIZE} per request, got ${teacherIds.length}`);
    const after = query.pageToken ? decodeCursor(query.pageToken) : undefined;
    const project = await projectForCaller(this.dataSource.manager, this.projects, principal, query.projectId);
    assertAdmin(principal);
    const { root } = await requestedSubtree(this.dataSource.manager, this.orgs, principal, query.orgId);
    const filter = {
      projectId: project.id,
      orgPath: root,
      ...(query.subject ? { subject: query.subject } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.confirmation ? { confirmation: query.confirmation } : {}),
      ...(teacherIds.length > 0 ? { teacherIds } : {}),
    };
    const rows = await this.enrollment.find(this.dataSource.manager, filter, { size: size + 1, ...(after ? { after } : {}) });
    const enrollments = rows.slice(0, size);
    const last = enrollments.at(-1);
    return {
      enrollments,
      nextPageToken: rows.length > size && last ? encodeCursor({ orgPath: last.orgPath, id: last.id }) : '',
      total: await this.enrollment.count(this.dataSource.manager, filter),
    };
  }
}

export interface ProgressRow {
  org: Pick<OrgRecord, 'id' | 'path' | 'name'>;
  /** Absent until the cascade reaches the org. */
  unit: EnrollmentUnitRecord | undefined;
  counts: ConfirmationCounts | undefined;
}

const CHILD_LEVEL: Record<EnrollmentUnitLevel | 'province', EnrollmentUnitLevel | null> = { province: 'city', city: 'county', county: 'unit', unit: null };

/**
 * Cascade status and confirmation completeness of an org and of each org directly below it (cities
 * of the province, counties of a city, units of a county): who has opened, submitted, and how many
 * participants have confirmed. Every child org is listed, reached by the cascade or not.
 */
export class GetEnrollmentProgressUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
  ) {}

  async execute(principal: Principal, query: { projectId: string; orgId: string }): Promise<{ self: ProgressRow; children: ProgressRow[] }> {
    const { project, org } = await scope(this.dataSource, this.orgs, this.projects, principal, query.projectId, query.orgId);
    const manager = this.dataSource.manager;
    const level = cascadeLevelOf(org.level) ?? 'province';
    const childLevel = CHILD_LEVEL[level];
    const [selfUnit, childOrgs, childUnits, counts] = await Promise.all([
      this.enrollment.findUnit(manager, project.id, org.id),
      childLevel ? this.enrollment.findChildOrgs(manager, org.id) : Promise.resolve([]),
      childLevel ? this.enrollment.findChildUnits(manager, project.id, org.path, childLevel) : Promise.resolve([]),
      this.enrollment.confirmationCounts(manager, project.id, org.path, org.path.split('/').filter(Boolean).length + 1),
    ]);
    const unitsByOrg = new Map(childUnits.map((u) => [u.orgId, u]));
    return {
      self: { org, unit: selfUnit ?? undefined, counts: counts.get(org.path) },
      children: childOrgs.map((child) => ({ org: child, unit: unitsByOrg.get(child.id), counts: counts.get(child.path) })),
    };
  }
}
