import { randomUUID } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import { teacher as teacherContract, Topics } from '@yanxiu/contracts';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { UNIT_LEVELS } from '../orgs/org-rules.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { idNumberProblemText, maskIdNumber, validateIdNumber } from './id-number.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { TeacherRepository, type Gender, type Stage, type TeacherRecord } from './teacher.repository.js';
import { teacherCreatedEvent } from './teacher.mapper.js';

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
    const name = command.name.trim();
    if (!name || name.length > 50) throw new IdentityError('invalid_argument', 'name must be 1–50 characters');
    const idProblem = validateIdNumber(command.idNumber);
    if (idProblem) throw new IdentityError('invalid_argument', `idNumber: ${idNumberProblemText[idProblem]}`);
    if (command.phone && !/^1\d{10}$/.test(command.phone)) throw new IdentityError('invalid_argument', 'phone must be an 11-digit mobile number starting with 1');
    if (command.stage !== 'kindergarten' && !command.subject.trim()) throw new IdentityError('invalid_argument', 'subject is required outside kindergartens');

    return this.dataSource.transaction(async (manager) => {
      const org = await this.orgs.findById(manager, command.orgId);
      if (!org) throw new IdentityError('org_not_found', `org ${command.orgId} not found`);
      assertInJurisdiction(principal, org.path);
      if (!UNIT_LEVELS.includes(org.level)) throw new IdentityError('org_level_not_allowed', `teachers belong to a school, kindergarten or institution, not a ${org.level}`);

      const teacher: TeacherRecord = {
        id: randomUUID(),
        orgId: org.id,
        orgPath: org.path,
        name,
        idNumberEnc: this.cipher.encrypt(command.idNumber),
        idNumberHash: this.cipher.lookupHash(command.idNumber),
        idNumberMasked: maskIdNumber(command.idNumber),
        gender: command.gender,
        stage: command.stage,
        subject: command.subject.trim(),
        title: command.title.trim(),
        phoneEnc: command.phone ? this.cipher.encrypt(command.phone) : null,
        status: 'in_service',
      };
      if (!(await this.teachers.insert(manager, teacher))) {
        throw new IdentityError('teacher_exists', `a teacher with ID number ${teacher.idNumberMasked} is already on the roster`);
      }
      await enqueueEvents(manager, 'identity', [
        {
          topic: Topics.teacherCreated,
          key: teacher.id,
          type: 'yanxiu.identity.v1.TeacherCreated',
          version: 1,
          subject: teacher.id,
          payload: teacherContract.TeacherCreated.encode(teacherCreatedEvent(teacher)).finish(),
        },
      ]);
      return teacher;
    });
  }
}

export class GetTeacherUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teachers: TeacherRepository,
  ) {}

  async execute(principal: Principal, id: string): Promise<TeacherRecord> {
    const teacher = await this.teachers.findById(this.dataSource.manager, id);
    if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${id} not found`);
    assertInJurisdiction(principal, teacher.orgPath);
    return teacher;
  }
}
