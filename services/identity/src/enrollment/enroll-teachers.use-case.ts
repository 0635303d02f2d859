import { randomUUID } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import { enqueueEvents, type OutgoingEvent } from '@yanxiu/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import { UNIT_LEVELS } from '../orgs/org-rules.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import { provinceToday, type Clock } from '../training-projects/project-calendar.js';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import type { EnrollmentRecord, EnrollmentRole, EnrollmentView } from './enrollment.js';
import { projectForCaller, refuse } from './enrollment-access.js';
import { decideEnrollmentWrite, participantProblems, type EnrollmentWrite } from './enrollment-rules.js';
import { enrollmentEvent } from './enrollment.mapper.js';
import type { EnrollmentRepository, ParticipantTeacher } from './enrollment.repository.js';

export interface EnrollmentEntry {
  teacherId: string;
  subject: string;
  role: EnrollmentRole;
}

const MAX_ENTRIES = 2000;

const viewOf = (e: EnrollmentRecord, t: Pick<ParticipantTeacher, 'name' | 'idNumberMasked'>): EnrollmentView => ({ ...e, teacherName: t.name, idNumberMasked: t.idNumberMasked });

/**
 * A unit's list by subject (按学科填报): an admin puts teachers of one school, kindergarten or
 * institution on a project, each with one subject and one role. All or nothing: every bad entry is
 * reported with its index and reason. A teacher withdrawn earlier is enrolled again on their row.
 */
export class EnrollTeachersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; orgId: string; entries: EnrollmentEntry[] }): Promise<EnrollmentView[]> {
    if (command.entries.length === 0 || command.entries.length > MAX_ENTRIES) throw new IdentityError('invalid_argument', `entries: give 1–${MAX_ENTRIES} teachers`);
    return this.dataSource.transaction(async (manager) => {
      const project = await projectForCaller(manager, this.projects, principal, command.projectId);
      const org = await this.orgs.findById(manager, command.orgId);
      if (!org) throw new IdentityError('org_not_found', `org ${command.orgId} not found`);
      if (!UNIT_LEVELS.includes(org.level)) throw new IdentityError('org_level_not_allowed', `teachers are enrolled through their school, kindergarten or institution, not a ${org.level}`);
      const unit = await this.enrollment.findUnit(manager, project.id, org.id, { lock: true });
      refuse(
        decideEnrollmentWrite(principal, {
          write: 'enroll',
          windows: project.windows,
          tutorTeamScope: project.grouping.tutorTeamScope,
          today: provinceToday(this.clock()),
          unitPath: org.path,
          unitStatus: unit?.status ?? null,
          roles: command.entries.map((e) => e.role),
        }),
      );

      const teacherIds = [...new Set(command.entries.map((e) => e.teacherId))];
      const teachers = await this.enrollment.lockTeachers(manager, teacherIds);
      const existing = new Map((await this.enrollment.lockByTeachers(manager, project.id, teacherIds)).map((e) => [e.teacherId, e]));
      const problems: string[] = [];
      const conflicts: string[] = [];
      const firstIndex = new Map<string, number>();
      command.entries.forEach((entry, i) => {
        const where = `entries[${i}] (teacher ${entry.teacherId})`;
        const first = firstIndex.get(entry.teacherId);
        if (first !== undefined) {
          problems.push(`${where}: listed again after entries[${first}], and a person takes part with one subject and one role`);
          return;
        }
        firstIndex.set(entry.teacherId, i);
        const teacher = teachers.get(entry.teacherId);
        if (!teacher) {
          problems.push(`${where}: no such teacher`);
          return;
        }
        problems.push(...participantProblems(project, org.id, entry.subject, teacher).map((p) => `${where}: ${p}`));
        const current = existing.get(entry.teacherId);
        if (current?.status === 'enrolled') {
          conflicts.push(`${where}: already enrolled as ${current.role} (${current.subject || '无学科'}) through ${current.orgPath}; change or withdraw enrollment ${current.id}`);
        }
      });
      if (problems.length > 0) throw new IdentityError('invalid_argument', [...problems, ...conflicts].join('; '));
      if (conflicts.length > 0) throw new IdentityError('enrollment_exists', conflicts.join('; '));

      const now = this.clock();
      const enrolled: EnrollmentView[] = [];
      const fresh: EnrollmentRecord[] = [];
      for (const entry of command.entries) {
        const previous = existing.get(entry.teacherId);
        const record: EnrollmentRecord = {
          id: previous?.id ?? randomUUID(),
          projectId: project.id,
          teacherId: entry.teacherId,
          orgId: org.id,
          orgPath: org.path,
          subject: entry.subject,
          role: entry.role,
          status: 'enrolled',
          confirmation: 'pending',
          disputeNote: null,
          confirmedAt: null,
          version: (previous?.version ?? 0) + 1,
          enrolledBy: principal.username,
          enrolledAt: now,
          updatedAt: now,
        };
        if (previous) await this.enrollment.update(manager, record);
        else fresh.push(record);
        enrolled.push(viewOf(record, teachers.get(entry.teacherId)!));
      }
      await this.enrollment.insert(manager, fresh);
      await enqueueEvents(manager, 'identity', enrolled.map((e) => enrollmentEvent('submitted', e, project)));
      return enrolled;
    });
  }
}

/**
 * An admin corrects (subject, role) or withdraws one participant: in the enrollment window while the
 * unit is open, or as a county/city admin in the confirmation window. A correction starts the
 * participant's confirmation over. The unit row is locked before the enrollment, as enrolling does.
 */
export class ChangeEnrollmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async change(principal: Principal, command: { id: string; subject: string; role: EnrollmentRole }): Promise<EnrollmentView> {
    return this.write(principal, command.id, 'change', command.role, async (manager, project, current, teacher) => {
      const problems = participantProblems(project, current.orgId, command.subject, teacher);
      if (problems.length > 0) throw new IdentityError('invalid_argument', problems.join('; '));
      if (current.subject === command.subject && current.role === command.role) return null;
      const now = this.clock();
      const changed: EnrollmentRecord = {
        ...current,
        subject: command.subject,
        role: command.role,
        confirmation: 'pending',
        disputeNote: null,
        confirmedAt: null,
        version: current.version + 1,
        updatedAt: now,
      };
      await this.enrollment.update(manager, changed);
      return enrollmentEvent('changed', changed, project, { subject: current.subject, role: current.role });
    });
  }

  async withdraw(principal: Principal, id: string): Promise<EnrollmentView> {
    return this.write(principal, id, 'withdraw', null, async (manager, project, current) => {
      const withdrawn: EnrollmentRecord = { ...current, status: 'withdrawn', version: current.version + 1, updatedAt: this.clock() };
      await this.enrollment.update(manager, withdrawn);
      return enrollmentEvent('withdrawn', withdrawn, project);
    });
  }

  /** Locks unit then enrollment, checks who may write today, applies `apply` (null: nothing changed) and enqueues its event. */
  private async write(
    principal: Principal,
    id: string,
    write: EnrollmentWrite,
    newRole: EnrollmentRole | null,
    apply: (manager: EntityManager, project: TrainingProjectRecord, current: EnrollmentRecord, teacher: ParticipantTeacher) => Promise<OutgoingEvent | null>,
  ): Promise<EnrollmentView> {
    if (!id) throw new IdentityError('invalid_argument', 'enrollment id is required');
    return this.dataSource.transaction(async (manager) => {
      const seen = await this.enrollment.findView(manager, id);
      if (!seen || seen.status !== 'enrolled') throw new IdentityError('enrollment_not_found', `enrollment ${id} not found${seen ? ' (it was withdrawn)' : ''}`);
      const project = await projectForCaller(manager, this.projects, principal, seen.projectId);
      const unit = await this.enrollment.findUnit(manager, project.id, seen.orgId, { lock: true });
      // The teacher before the enrollment, the order a transfer locks them in, so the two queue instead of deadlocking.
      const teacher = (await this.enrollment.lockTeachers(manager, [seen.teacherId])).get(seen.teacherId);
      if (!teacher) throw new Error(`teacher ${seen.teacherId} of enrollment ${id} vanished`);
      const current = await this.enrollment.lock(manager, id);
      if (!current || current.status !== 'enrolled') throw new IdentityError('enrollment_not_found', `enrollment ${id} was withdrawn meanwhile`);
      if (current.orgId !== seen.orgId) throw new IdentityError('version_conflict', `enrollment ${id} moved to ${current.orgPath} meanwhile (its teacher was transferred): try again`);
      refuse(
        decideEnrollmentWrite(principal, {
          write,
          windows: project.windows,
          tutorTeamScope: project.grouping.tutorTeamScope,
          today: provinceToday(this.clock()),
          unitPath: current.orgPath,
          unitStatus: unit?.status ?? null,
          roles: newRole ? [current.role, newRole] : [current.role],
        }),
      );
      const event = await apply(manager, project, current, teacher);
      if (event) await enqueueEvents(manager, 'identity', [event]);
      const view = await this.enrollment.findView(manager, id);
      if (!view) throw new Error(`enrollment ${id} vanished inside its transaction`);
      return view;
    });
  }
}
