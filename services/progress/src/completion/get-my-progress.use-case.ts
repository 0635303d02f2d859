import type { Principal } from '@yanxiu/auth';
import type { progress, progressEntities } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { ownTeacherId } from '../access.js';
import { creditMessage, type CreditRepository } from '../credits/credit.repository.js';
import type { FactsRepository } from '../facts/facts.repository.js';
import { ProgressError } from '../progress.error.js';
import { sqlOf } from '../sql.js';
import { watchKey } from '../watching/heartbeat-decoding.js';
import { emptyWatchState, projectWatchedSeconds, watchedSeconds } from '../watching/watch-state.js';
import type { WatchStateRepository } from '../watching/watch-state.repository.js';
import { courseCompletion } from './completion-rules.js';
import type { ProgressRepository } from './progress.repository.js';

/** A teacher's own progress in a project, computed from the watch states as of now. */
export class GetMyProgressUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactsRepository,
    private readonly progress: ProgressRepository,
    private readonly states: WatchStateRepository,
    private readonly credits: CreditRepository,
  ) {}

  async execute(principal: Principal, projectId: string): Promise<progress.GetMyProjectProgressResponse> {
    const teacherId = ownTeacherId(principal);
    if (!projectId) throw new ProgressError('invalid_argument', 'project_id is required');
    const sql = sqlOf(this.dataSource.manager);
    const project = await this.facts.findProject(sql, projectId);
    if (!project) throw new ProgressError('project_not_found', `project ${projectId} is not known to progress (yet)`);
    const window = { from: project.studyStart, to: project.studyEnd };
    const courses = await this.progress.countedInProject(sql, teacherId, projectId);
    const states = await this.states.load(sql, courses);
    const passed = await this.progress.passedQuizzes(sql, [teacherId]);
    const accepted = await this.progress.acceptedAssignments(sql, courses);
    const qualification = await this.progress.qualification(sql, teacherId, projectId);
    const credit = await this.credits.findBySource(sql, teacherId, 'project', projectId);

    const views = courses.map((c): progressEntities.CourseProgress => {
      const watched = watchedSeconds(states.get(watchKey(c)) ?? emptyWatchState(), window);
      const passedQuizIds = new Set(c.quizIds.filter((q) => passed.has(`${teacherId}/${q}`)));
      const assignmentAccepted = accepted.has(watchKey(c));
      const complete =
        c.completedAt !== null ||
        (c.rules !== null && courseCompletion({ ...c.rules, quizIds: c.quizIds }, { watchedSeconds: watched, passedQuizIds, assignmentAccepted }).complete);
      return {
        courseId: c.courseId,
        title: c.title,
        hours: c.hours,
        watchedSeconds: watched,
        requiredWatchSeconds: c.rules?.requiredWatchSeconds ?? 0,
        rulesDefined: c.rules !== null,
        quizzesTotal: c.quizIds.length,
        quizzesPassed: passedQuizIds.size,
        assignmentRequired: c.rules?.assignmentRequired ?? false,
        assignmentAccepted,
        complete,
        completedAt: c.completedAt?.toISOString() ?? '',
      };
    });
    return {
      projectId,
      studyStartDate: project.studyStart,
      studyEndDate: project.studyEnd,
      creditRegistrationDeadline: project.creditDeadline,
      projectHours: project.requiredHours,
      courses: views,
      watchedSeconds: projectWatchedSeconds(
        courses.map((c) => states.get(watchKey(c)) ?? emptyWatchState()),
        window,
      ),
      requiredWatchSeconds: courses.reduce((sum, c) => sum + (c.rules?.requiredWatchSeconds ?? 0), 0),
      qualified: qualification !== null,
      qualifiedAt: qualification?.qualifiedAt.toISOString() ?? '',
      credit: credit ? creditMessage(credit) : undefined,
    };
  }
}
