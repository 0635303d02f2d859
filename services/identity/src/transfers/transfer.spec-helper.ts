import type { DataSource } from 'typeorm';
import type { SyncAccountsUseCase } from '../accounts/sync-accounts.use-case.js';
import { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { LeaveStudyGroups } from '../study-groups/leave-study-groups.js';
import { StudyGroupRepository } from '../study-groups/study-group.repository.js';
import { TeacherRepository } from '../teachers/teacher.repository.js';
import type { Clock } from '../training-projects/project-calendar.js';
import { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { MoveTeacherEnrollments } from './move-enrollments.js';
import { TransferTeacherUseCase } from './transfer-teacher.use-case.js';
import { TransferRepository } from './transfer.repository.js';

/** The transfer use case wired as identity.module.ts wires it, for tests on a real database. */
export function transferTeacherUseCase(dataSource: DataSource, clock?: Clock, accountSync?: SyncAccountsUseCase): TransferTeacherUseCase {
  const moves = new MoveTeacherEnrollments(new TrainingProjectRepository(), new EnrollmentRepository(), new LeaveStudyGroups(new StudyGroupRepository()));
  return new TransferTeacherUseCase(dataSource, new OrgRepository(), new TeacherRepository(), new TransferRepository(), moves, clock, accountSync);
}
