import type { Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import type { TransferRepository } from '../transfers/transfer.repository.js';
import { teacherRetiredOutgoing } from './roster.mapper.js';
import type { TeacherRecord, TeacherRepository } from './teacher.repository.js';

/**
 * 退休: an admin over the teacher's unit retires an in-service or departed teacher. Like a departure
 * it is a status step (status_version + 1, under the row lock), and the teacher keeps their last unit.
 * Final: a retired teacher is never transferred or retired again.
 */
export class RetireTeacherUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teachers: TeacherRepository,
    private readonly placements: TransferRepository,
  ) {}

  async execute(principal: Principal, teacherId: string): Promise<TeacherRecord> {
    if (!teacherId) throw new IdentityError('invalid_argument', 'teacher id is required');
    return this.dataSource.transaction(async (manager) => {
      const teacher = await this.placements.lockTeacher(manager, teacherId);
      if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${teacherId} not found`);
      assertInJurisdiction(principal, teacher.orgPath);
      if (teacher.status === 'retired') throw new IdentityError('teacher_status_conflict', 'the teacher is already retired');

      await this.placements.place(manager, teacher, { orgId: teacher.orgId, orgPath: teacher.orgPath, status: 'retired' });
      await enqueueEvents(manager, 'identity', [
        teacherRetiredOutgoing({ teacherId: teacher.id, orgId: teacher.orgId, orgPath: teacher.orgPath, retiredAt: new Date().toISOString(), statusVersion: teacher.statusVersion + 1 }),
      ]);
      const retired = await this.teachers.findById(manager, teacher.id);
      if (!retired) throw new Error(`teacher ${teacher.id} vanished inside its transaction`);
      return retired;
    });
  }
}
