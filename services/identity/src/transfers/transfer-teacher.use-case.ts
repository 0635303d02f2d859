import { randomUUID } from 'node:crypto';
import { adminLevel, type Principal } from '@yanxiu/auth';
import { transfer as transferContract, Topics } from '@yanxiu/contracts';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import type { AccountSyncOutcome, SyncAccountsUseCase } from '../accounts/sync-accounts.use-case.js';
import type { EnrollmentView } from '../enrollment/enrollment.js';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { UNIT_LEVELS } from '../orgs/org-rules.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import type { TeacherRecord, TeacherRepository } from '../teachers/teacher.repository.js';
import type { Clock } from '../training-projects/project-calendar.js';
import type { MoveTeacherEnrollments } from './move-enrollments.js';
import { decideTransfer } from './transfer-rules.js';
import { teacherTransferredEvent } from './transfer.mapper.js';
import type { TransferRecord, TransferRepository } from './transfer.repository.js';

export interface TransferTeacherCommand {
  teacherId: string;
  targetOrgId: string;
}

export interface TransferResult {
  teacher: TeacherRecord;
  transfer: TransferRecord;
  /** The enrollments that moved with the teacher to the new unit. */
  movedEnrollments: EnrollmentView[];
  /** Whether the teacher's Keycloak user shows the new unit yet (docs/decisions/0016). */
  accountSync: AccountSyncOutcome;
}

/**
 * 调动: moves a teacher to another unit, with their enrollments in projects that have not ended
 * (docs/decisions/0017). The teacher row, its history row, the enrollments, study-group changes and
 * every event commit in one transaction, under the teacher's row lock, so two admins moving one
 * teacher at once are serialised and the second decides on the first one's result. READ COMMITTED, so
 * rows read after a later lock (enrollments, the region's groups) are what is committed then.
 *
 * Credit hours follow the person: progress keys them by teacher id, never by unit. The teacher's
 * Keycloak user follows after the commit: its `org_path` (the token's) is owed the new unit
 * (accounts/sync-accounts.use-case.ts, docs/decisions/0016), and the answer says whether it has it yet.
 */
export class TransferTeacherUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly teachers: TeacherRepository,
    private readonly transfers: TransferRepository,
    private readonly enrollments: MoveTeacherEnrollments,
    private readonly clock: Clock = () => new Date(),
    /** Null when Keycloak is not configured; the provisioning job syncs the accounts then. */
    private readonly accountSync: SyncAccountsUseCase | null = null,
  ) {}

  async execute(principal: Principal, command: TransferTeacherCommand): Promise<TransferResult> {
    const result = await this.transfer(principal, command);
    return { ...result, accountSync: this.accountSync ? await this.accountSync.afterCommit(result.teacher.id) : 'owed' };
  }

  private async transfer(principal: Principal, command: TransferTeacherCommand): Promise<Omit<TransferResult, 'accountSync'>> {
    if (!command.teacherId || !command.targetOrgId) throw new IdentityError('invalid_argument', 'teacher id and target org id are required');
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const teacher = await this.transfers.lockTeacher(manager, command.teacherId);
      if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${command.teacherId} not found`);
      const target = await this.orgs.findById(manager, command.targetOrgId);
      if (!target) throw new IdentityError('org_not_found', `org ${command.targetOrgId} not found`);
      if (!UNIT_LEVELS.includes(target.level)) throw new IdentityError('org_level_not_allowed', `teachers belong to a school, kindergarten or institution, not a ${target.level}`);

      const decision = decideTransfer(principal, teacher, target.path);
      if (!decision.allowed) {
        switch (decision.reason) {
          case 'not_transferable':
            throw new IdentityError('teacher_not_transferable', decision.message);
          case 'same_unit':
            throw new IdentityError('invalid_argument', decision.message);
          case 'not_allowed':
            throw new IdentityError('transfer_not_allowed', decision.message);
        }
      }

      await this.transfers.place(manager, teacher, { orgId: target.id, orgPath: target.path, status: 'in_service' });
      const now = this.clock();
      const transfer: TransferRecord = {
        id: randomUUID(),
        teacherId: teacher.id,
        statusVersion: teacher.statusVersion + 1,
        fromOrgId: teacher.orgId,
        fromOrgPath: teacher.orgPath,
        toOrgId: target.id,
        toOrgPath: target.path,
        kind: decision.kind,
        bySubject: principal.subject,
        byUsername: principal.username,
        transferredAt: now,
      };
      await this.transfers.insertTransfer(manager, transfer);
      const enrollments = await this.enrollments.execute(manager, teacher.id, target, now);
      await enqueueEvents(manager, 'identity', [
        {
          topic: Topics.teacherTransferred,
          key: teacher.id,
          type: 'yanxiu.identity.v1.TeacherTransferred',
          version: 1,
          subject: teacher.id,
          payload: transferContract.TeacherTransferred.encode(teacherTransferredEvent(transfer)).finish(),
        },
        ...enrollments.events,
      ]);
      const moved = await this.teachers.findById(manager, teacher.id);
      if (!moved) throw new Error(`teacher ${teacher.id} vanished inside its transaction`);
      return { teacher: moved, transfer, movedEnrollments: enrollments.moved };
    });
  }
}

/**
 * 离职: an admin over the teacher's unit puts an in-service teacher into the departed pool; the last unit
 * is kept, and with it the Keycloak user's org_path (docs/decisions/0016, amendment). Enrollments are left
 * as they are (docs/decisions/0017): admins withdraw a participant while the windows allow, and a transfer
 * out of the pool moves those of projects that have not ended.
 */
export class DepartTeacherUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teachers: TeacherRepository,
    private readonly transfers: TransferRepository,
  ) {}

  async execute(principal: Principal, teacherId: string): Promise<TeacherRecord> {
    if (!teacherId) throw new IdentityError('invalid_argument', 'teacher id is required');
    if (!adminLevel(principal)) throw new IdentityError('role_not_allowed', 'only admins set teachers to departed');
    return this.dataSource.transaction(async (manager) => {
      const teacher = await this.transfers.lockTeacher(manager, teacherId);
      if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${teacherId} not found`);
      assertInJurisdiction(principal, teacher.orgPath);
      if (teacher.status !== 'in_service') throw new IdentityError('teacher_not_transferable', `only an in-service teacher can depart; this one is ${teacher.status}`);

      await this.transfers.place(manager, teacher, { orgId: teacher.orgId, orgPath: teacher.orgPath, status: 'departed' });
      const event: transferContract.TeacherDeparted = {
        teacherId: teacher.id,
        orgId: teacher.orgId,
        orgPath: teacher.orgPath,
        departedAt: new Date().toISOString(),
        statusVersion: teacher.statusVersion + 1,
      };
      await enqueueEvents(manager, 'identity', [
        { topic: Topics.teacherDeparted, key: teacher.id, type: 'yanxiu.identity.v1.TeacherDeparted', version: 1, subject: teacher.id, payload: transferContract.TeacherDeparted.encode(event).finish() },
      ]);
      const departed = await this.teachers.findById(manager, teacher.id);
      if (!departed) throw new Error(`teacher ${teacher.id} vanished inside its transaction`);
      return departed;
    });
  }
}

/** A teacher's transfer history, oldest first, for admins over the teacher's current unit. */
export class GetTeacherTransfersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teachers: TeacherRepository,
    private readonly transfers: TransferRepository,
  ) {}

  async execute(principal: Principal, teacherId: string): Promise<TransferRecord[]> {
    const teacher = await this.teachers.findById(this.dataSource.manager, teacherId);
    if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${teacherId} not found`);
    assertInJurisdiction(principal, teacher.orgPath);
    return this.transfers.listTransfers(this.dataSource.manager, teacherId);
  }
}
