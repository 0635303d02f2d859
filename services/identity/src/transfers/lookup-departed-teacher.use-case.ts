import { randomUUID } from 'node:crypto';
import { adminLevel, type Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import { idNumberProblemText, validateIdNumber } from '../teachers/id-number.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import type { PersonalDataReadRecord, PersonalDataReadRepository } from '../teachers/personal-data-read.repository.js';
import { auditReason } from '../teachers/personal-data.use-case.js';
import { personalDataReadOutgoing } from '../teachers/roster.mapper.js';
import type { TeacherRecord, TeacherRepository } from '../teachers/teacher.repository.js';
import { inDepartedPoolOf } from './transfer-rules.js';

/** What the answer shows of the teacher (the ID number only masked), as recorded in the audit. */
const FIELDS_SHOWN = ['name', 'gender', 'stage', 'subject', 'title', 'unit'];

/**
 * 调入离职教师: a school admin (or any admin) of the province finds a departed teacher by the full ID
 * number they were given, wherever the teacher left from, to pull them in. The number is matched only
 * through its keyed hash. Anyone who is not in the pool is answered exactly like no match, so the
 * lookup can't be used to find out who works where. A hit is audited like a reveal (ADR 0013): the
 * row in personal_data_reads and its event commit with the read; a miss shows nothing and records nothing.
 */
export class LookupDepartedTeacherUseCase {
  static readonly ENDPOINT = 'LookupDepartedTeacher';

  constructor(
    private readonly dataSource: DataSource,
    private readonly teachers: TeacherRepository,
    private readonly reads: PersonalDataReadRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, command: { idNumber: string; reason: string }): Promise<TeacherRecord> {
    const role = adminLevel(principal);
    if (!role || !principal.orgPath) throw new IdentityError('role_not_allowed', 'the departed pool (离职教师库) is searched by admins');
    const idNumber = command.idNumber.trim();
    const problem = validateIdNumber(idNumber);
    if (problem) throw new IdentityError('invalid_argument', `idNumber: ${idNumberProblemText[problem]} (the departed pool is searched by the whole number only)`);
    const reason = auditReason(command.reason);

    return this.dataSource.transaction(async (manager) => {
      const [teacher] = await this.teachers.findByIdNumberHashes(manager, [this.cipher.lookupHash(idNumber)]);
      if (!teacher || !inDepartedPoolOf(principal, teacher)) throw new IdentityError('teacher_not_found', 'no teacher with this ID number is in the departed pool (离职教师库)');
      const read: PersonalDataReadRecord = {
        id: randomUUID(),
        teacherId: teacher.id,
        teacherOrgPath: teacher.orgPath,
        readerSubject: principal.subject,
        readerUsername: principal.username,
        readerRole: role,
        readerOrgPath: principal.orgPath,
        fields: FIELDS_SHOWN,
        reason,
        endpoint: LookupDepartedTeacherUseCase.ENDPOINT,
        readAt: new Date(),
      };
      await this.reads.insert(manager, read);
      await enqueueEvents(manager, 'identity', [personalDataReadOutgoing(read)]);
      return teacher;
    });
  }
}
