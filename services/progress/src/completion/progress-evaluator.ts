import { randomUUID } from 'node:crypto';
import type { CreditRepository } from '../credits/credit.repository.js';
import { registrationOpen } from '../credits/credit-rules.js';
import { progressEvent } from '../progress-events.js';
import { qualifyingRole, roleQualification } from '../qualification/role-qualification.js';
import type { Sql } from '../sql.js';
import type { WatchedListener } from '../watching/apply-heartbeats.use-case.js';
import { watchKey, type WatchKey } from '../watching/heartbeat-decoding.js';
import { emptyWatchState, projectWatchedSeconds, watchedSeconds, type WatchState } from '../watching/watch-state.js';
import type { WatchStateRepository } from '../watching/watch-state.repository.js';
import { courseCompletion, projectQualification } from './completion-rules.js';
import type { CountedCourse, ProgressRepository } from './progress.repository.js';

/**
 * Brings course progress, completions, qualifications and project credits up to date for teacher ×
 * course pairs, inside the caller's transaction, which must hold the teachers' locks
 * (WatchStateRepository.lockLearners). Every step is a fact written once behind a key — completed_at
 * set only while NULL, one qualification and one project credit per teacher × project — so running it
 * again (a redelivery, a second trigger) repeats no event and counts no hour twice.
 */
export class ProgressEvaluator implements WatchedListener {
  constructor(
    private readonly states: WatchStateRepository,
    private readonly progress: ProgressRepository,
    private readonly credits: CreditRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** After heartbeats changed these states (the hot path: three statements unless something completes). */
  afterWatching(sql: Sql, changed: ReadonlyArray<WatchKey & { state: WatchState }>): Promise<void> {
    return this.evaluate(sql, changed);
  }

  /** After something other than watching changed (a quiz passed, a course list or rules changed). */
  async reevaluate(sql: Sql, keys: readonly WatchKey[]): Promise<void> {
    const states = await this.states.load(sql, keys);
    await this.evaluate(
      sql,
      keys.map((k) => ({ ...k, state: states.get(watchKey(k)) ?? emptyWatchState() })),
    );
  }

  private async evaluate(sql: Sql, items: ReadonlyArray<WatchKey & { state: WatchState }>): Promise<void> {
    const counted = await this.progress.countedAmong(sql, items);
    if (counted.length === 0) return;
    const stateOf = new Map(items.map((i) => [watchKey(i), i.state]));
    const rows = counted.map((c) => ({ ...c, watchedSeconds: watchedSeconds(stateOf.get(watchKey(c)) ?? emptyWatchState(), c.project.window) }));
    const now = this.now();
    await this.progress.saveWatched(sql, rows, now);

    // Projects where a course that changed is complete (already, or now): the project may qualify,
    // also when no course completes any more but more watching lifts the project's capped time.
    const projects = new Map<string, { teacherId: string; projectId: string }>();
    const mayQualify = (c: CountedCourse) => projects.set(`${c.teacherId}/${c.projectId}`, { teacherId: c.teacherId, projectId: c.projectId });
    rows.filter((r) => r.completedAt !== null).forEach(mayQualify);

    const candidates = rows.filter((r) => r.completedAt === null && r.rules !== null && r.watchedSeconds >= r.rules.requiredWatchSeconds);
    if (candidates.length > 0) {
      const passed = await this.progress.passedQuizzes(sql, [...new Set(candidates.map((c) => c.teacherId))]);
      const accepted = await this.progress.acceptedAssignments(sql, candidates);
      for (const c of candidates) {
        const completion = courseCompletion(
          { requiredWatchSeconds: c.rules!.requiredWatchSeconds, assignmentRequired: c.rules!.assignmentRequired, quizIds: c.quizIds },
          { watchedSeconds: c.watchedSeconds, passedQuizIds: new Set(c.quizIds.filter((q) => passed.has(`${c.teacherId}/${q}`))), assignmentAccepted: accepted.has(watchKey(c)) },
        );
        if (!completion.complete || !(await this.progress.markCompleted(sql, c, now))) continue;
        await sql.enqueue([
          progressEvent.courseCompleted({ teacherId: c.teacherId, projectId: c.projectId, courseId: c.courseId, watchedSeconds: c.watchedSeconds, completedAt: now.toISOString() }),
        ]);
        mayQualify(c);
      }
    }
    for (const { teacherId, projectId } of projects.values()) await this.qualify(sql, teacherId, projectId, now);
  }

  /**
   * After something other than course progress changed what the teacher's qualification depends on
   * (their enrollment, the group they lead, a duty confirmation). The caller holds the teacher's lock.
   */
  requalify(sql: Sql, teacherId: string, projectId: string): Promise<void> {
    return this.qualify(sql, teacherId, projectId, this.now());
  }

  /**
   * Qualifies the teacher once they meet their role's standard in the project (role-qualification.ts):
   * where it asks for the courses, every counted course complete and the capped project time enough;
   * where it asks for the duty, its confirmation. Then the credit, if registration is still open.
   */
  private async qualify(sql: Sql, teacherId: string, projectId: string, now: Date): Promise<void> {
    if (await this.progress.qualification(sql, teacherId, projectId)) return;
    // Until identity's enrollment (and project) arrive, the role and so the standard are unknown.
    const standing = await this.progress.standing(sql, teacherId, projectId);
    if (!standing) return;
    const role = qualifyingRole(standing.enrolledRole, standing.leadsGroup);
    const standard = await this.progress.standardFor(sql, projectId, role);
    // Checked before the courses: a leader whose duty is not confirmed yet stops here on the hot path.
    if (!standard || (standard.dutyConfirmationRequired && !standing.dutyConfirmed)) return;
    const courses = standard.coursesRequired ? await this.coursesQualified(sql, teacherId, projectId) : { qualified: false, watched: 0 };
    if (!roleQualification(standard, { coursesQualified: courses.qualified, dutyConfirmed: standing.dutyConfirmed }).qualified) return;
    if (!(await this.progress.insertQualification(sql, teacherId, projectId, courses.watched, now))) return;

    // Registration closes at the project's deadline: a qualification after it is recorded, without hours.
    const { project } = standing;
    let creditRegistered = false;
    if (registrationOpen(project.creditDeadline, now.getTime())) {
      const credit = {
        id: randomUUID(),
        teacherId,
        source: 'project' as const,
        sourceKey: projectId,
        year: project.year,
        hours: project.requiredHours,
        title: project.name,
        registeredBy: 'progress',
        registeredAt: now,
      };
      creditRegistered = await this.credits.insert(sql, credit);
      if (creditRegistered) await sql.enqueue([progressEvent.creditRegistered(credit)]);
    }
    await sql.enqueue([
      progressEvent.projectQualified({
        teacherId,
        projectId,
        projectYear: project.year,
        orgPath: standing.orgPath,
        watchedSeconds: courses.watched,
        qualifiedAt: now.toISOString(),
        creditRegistered,
        role,
      }),
    ]);
  }

  /** Every counted course complete and the project's watched time, capped by the wall clock, enough for all of them. */
  private async coursesQualified(sql: Sql, teacherId: string, projectId: string): Promise<{ qualified: boolean; watched: number }> {
    const courses = await this.progress.countedInProject(sql, teacherId, projectId);
    if (courses.length === 0 || courses.some((c) => c.completedAt === null || c.rules === null)) return { qualified: false, watched: 0 };
    const states = await this.states.load(sql, courses);
    const watched = projectWatchedSeconds(
      courses.map((c) => states.get(watchKey(c)) ?? emptyWatchState()),
      courses[0]!.project.window,
    );
    const qualification = projectQualification(
      courses.map((c: CountedCourse) => ({ courseId: c.courseId, complete: true, requiredWatchSeconds: c.rules!.requiredWatchSeconds })),
      watched,
    );
    return { qualified: qualification.qualified, watched };
  }
}
