import type { Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import { pageQuery, type Page, type PageRequest } from '../listing/page.js';
import { requestedSubtree } from '../orgs/org-scope.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import { idNumberProblemText, validateIdNumber } from './id-number.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { TEACHER_ORDER, type RosterRepository, type TeacherFilter } from './roster.repository.js';
import type { Stage, TeacherRecord, TeacherStatus } from './teacher.repository.js';

export interface ListTeachersCommand extends PageRequest {
  /** Empty = the caller's own org. */
  orgId: string;
  status: TeacherStatus | null;
  stage: Stage | null;
  subject: string;
  name: string;
  idNumber: string;
}

/**
 * Teachers of a unit or of a whole subtree, for admins. The caller's jurisdiction and the requested
 * subtree are both conditions of the SQL, so no row outside them can come back whatever the filters.
 */
export class ListTeachersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly roster: RosterRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, command: ListTeachersCommand): Promise<Page<TeacherRecord>> {
    const query = pageQuery(command, TEACHER_ORDER);
    const filter = this.filterOf(command);
    const manager = this.dataSource.manager;
    const { jurisdiction, root } = await requestedSubtree(manager, this.orgs, principal, command.orgId);
    return this.roster.search(manager, { ...filter, withinPaths: [jurisdiction, root] }, query);
  }

  private filterOf(command: ListTeachersCommand): Omit<TeacherFilter, 'withinPaths'> {
    const name = command.name.trim();
    const subject = command.subject.trim();
    if (name.length > 50) throw new IdentityError('invalid_argument', 'name must be at most 50 characters');
    if (subject.length > 32) throw new IdentityError('invalid_argument', 'subject must be at most 32 characters');
    const idNumber = command.idNumber.trim();
    if (idNumber) {
      const problem = validateIdNumber(idNumber);
      if (problem) throw new IdentityError('invalid_argument', `idNumber: ${idNumberProblemText[problem]}`);
    }
    return {
      ...(command.status ? { status: command.status } : {}),
      ...(command.stage ? { stage: command.stage } : {}),
      ...(subject ? { subject } : {}),
      ...(name ? { nameContains: name } : {}),
      ...(idNumber ? { idNumberHash: this.cipher.lookupHash(idNumber) } : {}),
    };
  }
}
