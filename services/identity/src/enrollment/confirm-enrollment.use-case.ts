import type { Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { describeWindow, enrollmentCalendar, provinceToday, type Clock } from '../training-projects/project-calendar.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import type { EnrollmentRecord, EnrollmentView, MyEnrollmentView } from './enrollment.js';
import { participantTeacherId } from './enrollment-access.js';
import { enrollmentEvent } from './enrollment.mapper.js';
import type { EnrollmentRepository } from './enrollment.repository.js';

/**
 * 信息确认: in the confirmation window a participant confirms their enrollment (identity, unit,
 * subject, role, account) or reports what is wrong, for their county or city admin to fix. Only the
 * participant themselves, signed in with their own account; confirming twice changes nothing.
 */
export class ConfirmEnrollmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; correct: boolean; note: string }): Promise<EnrollmentView> {
    const note = command.note.trim();
    if (!command.correct && (!note || note.length > 500)) throw new IdentityError('invalid_argument', 'note: say in 1–500 characters what is wrong, for your admin to fix');
    return this.dataSource.transaction(async (manager) => {
      const teacherId = await participantTeacherId(manager, this.enrollment, this.cipher, principal);
      const project = await this.projects.findById(manager, command.projectId);
      const current = project ? await this.enrollment.lockByTeacher(manager, project.id, teacherId) : null;
      if (!project || current?.status !== 'enrolled') throw new IdentityError('enrollment_not_found', `you are not enrolled in training project ${command.projectId}`);

      const today = provinceToday(this.clock());
      const calendar = enrollmentCalendar(project.windows, today);
      if (calendar.frozen) throw new IdentityError('enrollment_frozen', `study started on ${project.windows.study.start}: enrollment data is frozen`);
      if (!calendar.confirmationOpen) {
        throw new IdentityError('enrollment_window_closed', `confirmation is open ${describeWindow(project.windows.confirmation)}; today is ${today}`);
      }

      const confirmation = command.correct ? 'confirmed' : 'disputed';
      const disputeNote = command.correct ? null : note;
      if (current.confirmation !== confirmation || current.disputeNote !== disputeNote) {
        const now = this.clock();
        const confirmed: EnrollmentRecord = { ...current, confirmation, disputeNote, confirmedAt: now, version: current.version + 1, updatedAt: now };
        await this.enrollment.update(manager, confirmed);
        await enqueueEvents(manager, 'identity', [enrollmentEvent('confirmed', confirmed, project)]);
      }
      const view = await this.enrollment.findView(manager, current.id);
      if (!view) throw new Error(`enrollment ${current.id} vanished inside its transaction`);
      return view;
    });
  }
}

/** The calling teacher's own enrollments, withdrawn ones included, newest project first, each with its project. */
export class ListMyEnrollmentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly enrollment: EnrollmentRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal): Promise<MyEnrollmentView[]> {
    const teacherId = await participantTeacherId(this.dataSource.manager, this.enrollment, this.cipher, principal);
    return this.enrollment.findByTeacher(this.dataSource.manager, teacherId);
  }
}
