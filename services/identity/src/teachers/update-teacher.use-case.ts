import type { Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import type { AccountSyncOutcome, SyncAccountsUseCase } from '../accounts/sync-accounts.use-case.js';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { maskIdNumber } from './id-number.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import type { RosterRepository, TeacherCorrection } from './roster.repository.js';
import { teacherUpdatedOutgoing } from './roster.mapper.js';
import type { Gender, Stage, TeacherRecord } from './teacher.repository.js';
import { teacherFieldProblems } from './teacher-rules.js';

/** The fields an admin may correct; status and unit change only by departure, retirement and transfer. */
export interface TeacherCorrectionFields {
  name: string;
  idNumber: string;
  gender: Gender;
  stage: Stage;
  subject: string;
  title: string;
  /** Empty = no phone on record. */
  phone: string;
}

/** Undefined fields stay as they are. */
export type UpdateTeacherCommand = { id: string } & Partial<TeacherCorrectionFields>;

/** Field names as the events and the API spell them. */
const FIELD_NAMES: Record<keyof TeacherCorrectionFields, string> = {
  name: 'name',
  idNumber: 'id_number',
  gender: 'gender',
  stage: 'stage',
  subject: 'subject',
  title: 'title',
  phone: 'phone',
};
const CORRECTABLE = Object.keys(FIELD_NAMES) as (keyof TeacherCorrectionFields)[];

/** The changed fields between two versions of a record, in FIELD_NAMES order. */
export function changedFields(before: TeacherCorrectionFields, after: TeacherCorrectionFields): string[] {
  return CORRECTABLE.filter((field) => before[field] !== after[field]).map((field) => FIELD_NAMES[field]);
}

/**
 * 信息修正: an admin over the teacher's unit corrects their record. The merged record passes the same
 * checks as a new teacher (teacher-rules.ts); a corrected ID number is sealed and hashed again and must
 * stay unique. Row, revision and event commit together; a correction that changes nothing writes nothing.
 * After a corrected ID number or name commits, the teacher's Keycloak user (username = ID number, its
 * name) follows: the correction made the account owe a sync (accounts/sync-accounts.use-case.ts), and
 * the answer says whether it is done, so the admin learns at once that a new number is another user's.
 */
export class UpdateTeacherUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roster: RosterRepository,
    private readonly cipher: PersonalDataCipher,
    /** Null when Keycloak is not configured; the provisioning job syncs the accounts then. */
    private readonly accountSync: SyncAccountsUseCase | null = null,
  ) {}

  async execute(principal: Principal, command: UpdateTeacherCommand): Promise<{ teacher: TeacherRecord; accountSync: AccountSyncOutcome }> {
    const { updated, changed } = await this.correct(principal, command);
    if (!changed.includes(FIELD_NAMES.idNumber) && !changed.includes(FIELD_NAMES.name)) return { teacher: updated, accountSync: 'not_needed' };
    return { teacher: updated, accountSync: this.accountSync ? await this.accountSync.afterCommit(updated.id) : 'owed' };
  }

  private async correct(principal: Principal, command: UpdateTeacherCommand): Promise<{ updated: TeacherRecord; changed: string[] }> {
    if (!command.id) throw new IdentityError('invalid_argument', 'teacher id is required');
    if (CORRECTABLE.every((field) => command[field] === undefined)) {
      throw new IdentityError('invalid_argument', `nothing to correct: give at least one of ${Object.values(FIELD_NAMES).join(', ')}`);
    }
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.roster.lockForCorrection(manager, command.id);
      if (!locked) throw new IdentityError('teacher_not_found', `teacher ${command.id} not found`);
      const current = locked.teacher;
      assertInJurisdiction(principal, current.orgPath);

      const before: TeacherCorrectionFields = {
        name: current.name,
        idNumber: this.cipher.decrypt(current.idNumberEnc),
        gender: current.gender,
        stage: current.stage,
        subject: current.subject,
        title: current.title,
        phone: current.phoneEnc ? this.cipher.decrypt(current.phoneEnc) : '',
      };
      const merged = { ...before, ...definedFields(command) };
      const [problem] = teacherFieldProblems(merged);
      if (problem) throw new IdentityError('invalid_argument', `${problem.field}: ${problem.reason}`);
      const after: TeacherCorrectionFields = { ...merged, name: merged.name.trim(), subject: merged.subject.trim(), title: merged.title.trim() };

      const changed = changedFields(before, after);
      if (changed.length === 0) return { updated: current, changed };
      const idNumberChanged = after.idNumber !== before.idNumber;
      const correction: TeacherCorrection = {
        name: after.name,
        idNumberEnc: idNumberChanged ? this.cipher.encrypt(after.idNumber) : current.idNumberEnc,
        idNumberHash: idNumberChanged ? this.cipher.lookupHash(after.idNumber) : current.idNumberHash,
        idNumberMasked: maskIdNumber(after.idNumber),
        gender: after.gender,
        stage: after.stage,
        subject: after.subject,
        title: after.title,
        phoneEnc: after.phone === before.phone ? current.phoneEnc : after.phone ? this.cipher.encrypt(after.phone) : null,
      };
      if (!(await this.roster.correct(manager, current.id, correction))) {
        throw new IdentityError('teacher_exists', `a teacher with ID number ${correction.idNumberMasked} is already on the roster`);
      }
      const updated: TeacherRecord = { ...current, ...correction };
      await enqueueEvents(manager, 'identity', [teacherUpdatedOutgoing(updated, changed, locked.revision + 1, new Date())]);
      return { updated, changed };
    });
  }
}

function definedFields(command: UpdateTeacherCommand): Partial<TeacherCorrectionFields> {
  return Object.fromEntries(CORRECTABLE.filter((field) => command[field] !== undefined).map((field) => [field, command[field]]));
}
