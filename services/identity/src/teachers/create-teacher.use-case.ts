import type { Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { UNIT_LEVELS } from '../orgs/org-rules.js';
import { OrgRepository } from '../orgs/org.repository.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { isTeacherThemself } from './teacher-access.js';
import { TeacherRepository, type Gender, type Stage, type TeacherRecord } from './teacher.repository.js';
import { sealNewTeacher, teacherFieldProblems } from './teacher-rules.js';
import { teacherCreatedOutgoing } from './teacher.mapper.js';

export interface CreateTeacherCommand {
  orgId: string;
  name: string;
  idNumber: string;
  gender: Gender;
  stage: Stage;
  subject: string;
  title: string;
  phone: string;
}

/** An admin adds a teacher to a unit in their subtree; the row and its event commit together. */
export class CreateTeacherUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly teachers: TeacherRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, command: CreateTeacherCommand): Promise<TeacherRecord> {
    const [problem] = teacherFieldProblems(command);
    if (problem) throw new IdentityError('invalid_argument', `${problem.field}: ${problem.reason}`);

    return this.dataSource.transaction(async (manager) => {
      const org = await this.orgs.findById(manager, command.orgId);
      if (!org) throw new IdentityError('org_not_found', `org ${command.orgId} not found`);
      assertInJurisdiction(principal, org.path);
      if (!UNIT_LEVELS.includes(org.level)) throw new IdentityError('org_level_not_allowed', `teachers belong to a school, kindergarten or institution, not a ${org.level}`);

      const teacher = sealNewTeacher(this.cipher, org, command);
      if (!(await this.teachers.insert(manager, teacher))) {
        throw new IdentityError('teacher_exists', `a teacher with ID number ${teacher.idNumberMasked} is already on the roster`);
      }
      await enqueueEvents(manager, 'identity', [teacherCreatedOutgoing(teacher)]);
      return teacher;
    });
  }
}

/** Reads one teacher (ID number masked): an admin over their unit, or the teacher themself. */
export class GetTeacherUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teachers: TeacherRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, id: string): Promise<TeacherRecord> {
    const teacher = await this.teachers.findById(this.dataSource.manager, id);
    if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${id} not found`);
    if (!isTeacherThemself(principal, teacher, this.cipher)) assertInJurisdiction(principal, teacher.orgPath);
    return teacher;
  }
}
