import { randomUUID } from 'node:crypto';
import { adminLevel, isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import { Topics, workshop as contract } from '@yanxiu/contracts';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { participantTeacherId, projectForCaller } from '../enrollment/enrollment-access.js';
import type { EnrollmentView } from '../enrollment/enrollment.js';
import type { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { pageOf, pageQuery, type Page, type PageRequest } from '../listing/page.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { ancestorPaths } from '../training-projects/list-training-projects.use-case.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import type { WorkshopRecord, WorkshopView } from './workshop.js';
import { workshopFact } from './workshop.mapper.js';
import { WORKSHOP_LIST_ORDER, type WorkshopRepository } from './workshop.repository.js';
import { decideWorkshopScope, hostsProblem, isWorkshopMember, memberSubject, workshopName, type HostCandidate, type Refusal } from './workshop-rules.js';

export interface CreateWorkshopCommand {
  projectId: string;
  /** The area: the province, a city or a county. */
  orgId: string;
  subject: string;
  theme: string;
  hostTeacherIds: string[];
}

const refuse = (refusal: Refusal | null): void => {
  if (refusal) throw new IdentityError(refusal.code, refusal.message);
};

/**
 * Checks proposed hosts against the project's enrollment and the other workshops' hosts. The
 * enrollment rows are locked until the transaction ends, so a host's role can't change between the
 * check and the write.
 */
async function checkHosts(
  manager: EntityManager,
  enrollment: EnrollmentRepository,
  workshops: WorkshopRepository,
  workshop: { id: string; projectId: string; kind: WorkshopRecord['kind']; subject: string; orgPath: string },
  hostTeacherIds: readonly string[],
): Promise<void> {
  const enrolled = await enrollment.lockByTeachers(manager, workshop.projectId, hostTeacherIds);
  const hosting = await workshops.hostedWorkshops(manager, workshop.projectId, hostTeacherIds);
  const candidates = new Map<string, HostCandidate>(
    hostTeacherIds.map((teacherId) => {
      const e = enrolled.find((row) => row.teacherId === teacherId);
      return [teacherId, { teacherId, enrollment: e ? { role: e.role, status: e.status, orgPath: e.orgPath, subject: e.subject } : null, hostsWorkshopId: hosting.get(teacherId) ?? null }];
    }),
  );
  refuse(hostsProblem(workshop, hostTeacherIds, candidates));
}

async function insertHosts(manager: EntityManager, workshops: WorkshopRepository, workshop: WorkshopRecord): Promise<void> {
  const inserted = await workshops.insertHosts(manager, workshop.id, workshop.projectId, workshop.hostTeacherIds);
  if (inserted !== workshop.hostTeacherIds.length) throw new IdentityError('host_taken', 'a host was just matched to another workshop of this project; reload and choose again');
}

async function viewOf(manager: EntityManager, workshops: WorkshopRepository, id: string): Promise<WorkshopView> {
  const [view] = await workshops.findViews(manager, [id]);
  if (!view) throw new Error(`workshop ${id} vanished inside its transaction`);
  return view;
}

/**
 * 组建工作坊: an admin over the area creates a workshop of a project with at least three hosts
 * (seed 2018 附件2 四、五). The row, its hosts and the event commit together.
 */
export class CreateWorkshopUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly workshops: WorkshopRepository,
  ) {}

  async execute(principal: Principal, command: CreateWorkshopCommand): Promise<WorkshopView> {
    if (!command.orgId) throw new IdentityError('invalid_argument', 'org id (the workshop’s area) is required');
    return this.dataSource.transaction(async (manager) => {
      const project = await projectForCaller(manager, this.projects, principal, command.projectId);
      const area = await this.orgs.findById(manager, command.orgId);
      if (!area) throw new IdentityError('org_not_found', `org ${command.orgId} not found`);
      assertInJurisdiction(principal, area.path);
      const scope = decideWorkshopScope(area, project, command);
      if (!scope.ok) throw new IdentityError(scope.refusal.code, scope.refusal.message);

      const now = new Date();
      const workshop: WorkshopRecord = {
        id: randomUUID(),
        projectId: project.id,
        orgId: area.id,
        orgPath: area.path,
        kind: scope.kind,
        subject: scope.subject,
        theme: scope.theme,
        name: workshopName(area.name, project.stage, scope),
        hostTeacherIds: command.hostTeacherIds,
        version: 1,
        createdBy: principal.username,
        createdAt: now,
        updatedAt: now,
      };
      // The workshop first: "it exists already" says more than anything about its hosts.
      if (!(await this.workshops.insert(manager, workshop))) throw new IdentityError('workshop_exists', `${workshop.name} already exists in this project`);
      await checkHosts(manager, this.enrollment, this.workshops, workshop, command.hostTeacherIds);
      await insertHosts(manager, this.workshops, workshop);
      await enqueueEvents(manager, 'identity', [
        {
          topic: Topics.workshopCreated,
          key: workshop.id,
          type: 'yanxiu.identity.v1.WorkshopCreated',
          version: 1,
          subject: workshop.id,
          payload: contract.WorkshopCreated.encode({ workshop: workshopFact(workshop, project, now) }).finish(),
        },
      ]);
      return viewOf(manager, this.workshops, workshop.id);
    });
  }
}

/** 为工作坊指定主持人: replaces the hosts of a workshop, by an admin over its area, on the version last read. */
export class ReplaceWorkshopHostsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly workshops: WorkshopRepository,
  ) {}

  async execute(principal: Principal, command: { id: string; hostTeacherIds: string[]; expectedVersion: number }): Promise<WorkshopView> {
    if (!command.id) throw new IdentityError('invalid_argument', 'workshop id is required');
    return this.dataSource.transaction(async (manager) => {
      const workshop = await this.workshops.findById(manager, command.id, { lock: true });
      if (!workshop) throw new IdentityError('workshop_not_found', `workshop ${command.id} not found`);
      assertInJurisdiction(principal, workshop.orgPath);
      if (workshop.version !== command.expectedVersion) {
        throw new IdentityError('version_conflict', `workshop ${workshop.id} is at version ${workshop.version}, not ${command.expectedVersion}: reload it and apply the change again`);
      }
      const project = await projectForCaller(manager, this.projects, principal, workshop.projectId);
      await checkHosts(manager, this.enrollment, this.workshops, workshop, command.hostTeacherIds);

      const now = new Date();
      await this.workshops.deleteHosts(manager, workshop.id);
      const changed: WorkshopRecord = { ...workshop, hostTeacherIds: command.hostTeacherIds, version: workshop.version + 1, updatedAt: now };
      await insertHosts(manager, this.workshops, changed);
      if (!(await this.workshops.bumpVersion(manager, workshop.id, workshop.version, now))) throw new Error(`workshop ${workshop.id} changed under its row lock`);
      await enqueueEvents(manager, 'identity', [
        {
          topic: Topics.workshopHostsChanged,
          key: workshop.id,
          type: 'yanxiu.identity.v1.WorkshopHostsChanged',
          version: 1,
          subject: workshop.id,
          payload: contract.WorkshopHostsChanged.encode({ workshop: workshopFact(changed, project, now), previousHostTeacherIds: workshop.hostTeacherIds }).finish(),
        },
      ]);
      return viewOf(manager, this.workshops, workshop.id);
    });
  }
}

/** How the caller may see a workshop: as an admin over its area, one of its hosts, or one of its members. */
type Reader = 'admin' | 'host' | 'member';

async function readerOf(
  manager: EntityManager,
  enrollment: EnrollmentRepository,
  cipher: PersonalDataCipher,
  principal: Principal,
  workshop: WorkshopRecord,
): Promise<Reader> {
  if (adminLevel(principal)) {
    if (principal.orgPath && isWithinJurisdiction(principal.orgPath, workshop.orgPath)) return 'admin';
    throw new IdentityError('out_of_jurisdiction', `workshop ${workshop.id} of ${workshop.orgPath} is outside your jurisdiction ${principal.orgPath ?? '(none)'}`);
  }
  if (!principal.roles.includes('teacher')) throw new IdentityError('role_not_allowed', 'workshops are seen by admins, hosts and members');
  const teacherId = await participantTeacherId(manager, enrollment, cipher, principal);
  if (workshop.hostTeacherIds.includes(teacherId)) return 'host';
  const mine = await enrollment.findByTeacher(manager, teacherId);
  if (mine.some((e) => isWorkshopMember(workshop, e))) return 'member';
  throw new IdentityError('out_of_jurisdiction', `you are neither a host nor a member of workshop ${workshop.id}`);
}

export class GetWorkshopUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly enrollment: EnrollmentRepository,
    private readonly workshops: WorkshopRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, id: string): Promise<{ workshop: WorkshopView; memberCount: number }> {
    const manager = this.dataSource.manager;
    const workshop = await this.workshops.findById(manager, id);
    if (!workshop) throw new IdentityError('workshop_not_found', `workshop ${id} not found`);
    await readerOf(manager, this.enrollment, this.cipher, principal, workshop);
    const memberCount = await this.enrollment.count(manager, memberFilter(workshop));
    return { workshop: await viewOf(manager, this.workshops, id), memberCount };
  }
}

/** The enrollment filter of a workshop's members: the SQL side of isWorkshopMember. */
export function memberFilter(workshop: Pick<WorkshopRecord, 'projectId' | 'orgPath' | 'kind' | 'subject'>) {
  const subject = memberSubject(workshop);
  return { projectId: workshop.projectId, orgPath: workshop.orgPath, role: 'trainee' as const, ...(subject === undefined ? {} : { subject }) };
}

/** The trainees of a workshop, by unit path: for admins over its area and for its hosts. */
export class ListWorkshopMembersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly enrollment: EnrollmentRepository,
    private readonly workshops: WorkshopRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, request: { id: string } & PageRequest): Promise<Page<EnrollmentView>> {
    const query = pageQuery(request, [{ sql: 'e.org_path' }, { sql: 'e.id' }]);
    const manager = this.dataSource.manager;
    const workshop = await this.workshops.findById(manager, request.id);
    if (!workshop) throw new IdentityError('workshop_not_found', `workshop ${request.id} not found`);
    if ((await readerOf(manager, this.enrollment, this.cipher, principal, workshop)) === 'member') {
      throw new IdentityError('role_not_allowed', 'the members of a workshop are listed for admins over its area and for its hosts');
    }
    const filter = memberFilter(workshop);
    const [orgPath, id] = query.after ?? [];
    const rows = await this.enrollment.find(manager, filter, { size: query.pageSize + 1, ...(query.after ? { after: { orgPath: String(orgPath), id: String(id) } } : {}) });
    return pageOf(rows, query, await this.enrollment.count(manager, filter), (e) => [e.orgPath, e.id]);
  }
}

/** Workshops whose area lies below `orgId` (default: the caller's org), for admins. */
export class ListWorkshopsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly workshops: WorkshopRepository,
  ) {}

  async execute(principal: Principal, request: { orgId: string; projectId: string; subject: string } & PageRequest): Promise<Page<WorkshopView>> {
    const query = pageQuery(request, WORKSHOP_LIST_ORDER);
    if (!adminLevel(principal) || !principal.orgPath) throw new IdentityError('role_not_allowed', 'only admins list workshops; teachers see theirs with ListMyWorkshops');
    let orgPath = principal.orgPath;
    if (request.orgId) {
      const org = await this.orgs.findById(this.dataSource.manager, request.orgId);
      if (!org) throw new IdentityError('org_not_found', `org ${request.orgId} not found`);
      orgPath = org.path;
    }
    assertInJurisdiction(principal, orgPath);
    return this.workshops.list(this.dataSource.manager, { orgPath, ...(request.projectId ? { projectId: request.projectId } : {}), ...(request.subject ? { subject: request.subject } : {}) }, query);
  }
}

/** A teacher's own workshops: those they host, and those their trainee enrollments make them members of. */
export class ListMyWorkshopsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly enrollment: EnrollmentRepository,
    private readonly workshops: WorkshopRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, projectId: string): Promise<{ workshop: WorkshopView; asHost: boolean }[]> {
    if (!principal.roles.includes('teacher')) throw new IdentityError('role_not_allowed', 'ListMyWorkshops is for teachers, who sign in with their ID number');
    const manager = this.dataSource.manager;
    const teacherId = await participantTeacherId(manager, this.enrollment, this.cipher, principal);
    const hosted = await this.workshops.hostedBy(manager, teacherId, projectId || undefined);
    const trainee = (await this.enrollment.findByTeacher(manager, teacherId)).filter((e) => e.role === 'trainee' && e.status === 'enrolled' && (!projectId || e.projectId === projectId));
    const member = (await Promise.all(trainee.map((e) => this.workshops.coveringUnit(manager, e.projectId, ancestorPaths(e.orgPath), e.subject)))).flat();
    return [...hosted.map((workshop) => ({ workshop, asHost: true })), ...member.map((workshop) => ({ workshop, asHost: false }))];
  }
}
