import { randomUUID } from 'node:crypto';
import { adminLevel, type Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { pageQuery, type Page, type PageRequest } from '../listing/page.js';
import { jurisdictionOf } from '../orgs/org-scope.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { PERSONAL_DATA_READ_ORDER, type PersonalDataReadRecord, type PersonalDataReadRepository } from './personal-data-read.repository.js';
import { personalDataReadOutgoing } from './roster.mapper.js';
import { isTeacherThemself, revealRoleOf } from './teacher-access.js';
import type { TeacherRepository } from './teacher.repository.js';

export interface RevealedPersonalData {
  teacherId: string;
  idNumber: string;
  /** Empty when none is on record. */
  phone: string;
}

/** The reason every audited read of personal data carries (2–200 characters), trimmed. */
export function auditReason(raw: string): string {
  const reason = raw.trim();
  if ([...reason].length < 2 || [...reason].length > 200) throw new IdentityError('invalid_argument', 'reason must be 2–200 characters: say why you need this teacher\'s personal data');
  return reason;
}

/**
 * Shows a teacher's full ID number and phone to the teacher themself or a school / county admin over
 * them (see revealRoleOf). The audit row and its event are written in the same transaction as the read
 * and before anything is decrypted: no reveal without its record.
 */
export class RevealTeacherPersonalDataUseCase {
  static readonly ENDPOINT = 'RevealTeacherPersonalData';

  constructor(
    private readonly dataSource: DataSource,
    private readonly teachers: TeacherRepository,
    private readonly reads: PersonalDataReadRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, command: { id: string; reason: string }): Promise<RevealedPersonalData> {
    if (!command.id) throw new IdentityError('invalid_argument', 'teacher id is required');
    const reason = auditReason(command.reason);
    return this.dataSource.transaction(async (manager) => {
      const teacher = await this.teachers.findById(manager, command.id);
      if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${command.id} not found`);
      const self = isTeacherThemself(principal, teacher, this.cipher);
      const role = revealRoleOf(principal, teacher.orgPath, self);
      if (!role) {
        assertInJurisdiction(principal, teacher.orgPath);
        throw new IdentityError('role_not_allowed', 'only the teacher themself or a school or county admin over them may see the full ID number');
      }
      const read: PersonalDataReadRecord = {
        id: randomUUID(),
        teacherId: teacher.id,
        teacherOrgPath: teacher.orgPath,
        readerSubject: principal.subject,
        // A teacher's username is their ID number: the audit names them by the masked one.
        readerUsername: self ? teacher.idNumberMasked : principal.username,
        readerRole: role,
        readerOrgPath: principal.orgPath,
        fields: ['id_number', 'phone'],
        reason,
        endpoint: RevealTeacherPersonalDataUseCase.ENDPOINT,
        readAt: new Date(),
      };
      await this.reads.insert(manager, read);
      await enqueueEvents(manager, 'identity', [personalDataReadOutgoing(read)]);
      return { teacherId: teacher.id, idNumber: this.cipher.decrypt(teacher.idNumberEnc), phone: teacher.phoneEnc ? this.cipher.decrypt(teacher.phoneEnc) : '' };
    });
  }
}

/** The audit trail of reveals of teachers in the caller's subtree, newest first: city and province admins. */
export class ListPersonalDataReadsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teachers: TeacherRepository,
    private readonly reads: PersonalDataReadRepository,
  ) {}

  async execute(principal: Principal, command: { teacherId: string } & PageRequest): Promise<Page<PersonalDataReadRecord>> {
    const query = pageQuery(command, PERSONAL_DATA_READ_ORDER);
    const jurisdiction = jurisdictionOf(principal);
    const level = adminLevel(principal);
    if (level !== 'province-admin' && level !== 'city-admin') throw new IdentityError('role_not_allowed', 'the audit of personal-data reads is for city and province admins');
    const manager = this.dataSource.manager;
    if (command.teacherId) {
      const teacher = await this.teachers.findById(manager, command.teacherId);
      if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${command.teacherId} not found`);
      assertInJurisdiction(principal, teacher.orgPath);
    }
    return this.reads.list(manager, { withinPaths: [jurisdiction], ...(command.teacherId ? { teacherId: command.teacherId } : {}) }, query);
  }
}
