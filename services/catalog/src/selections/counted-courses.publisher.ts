import type { EntityManager } from 'typeorm';
import { publish } from '../catalog-events.js';
import type { SelectionPolicy } from '../policies/selection-policy.js';
import type { EnrollmentRecord } from '../projections/identity-projection.repository.js';
import { selectionPhase, type ProjectRecord } from '../projections/project.js';
import type { CountedStamp } from './selection.js';
import type { ParticipantStanding, SelectionContext } from './selection-context.js';
import { countedCoursesEvent } from './standing.js';

/** Learners per round of statements: a county's 30 000 teachers take 30 rounds of seven statements. */
const PAGE_SIZE = 1000;

/**
 * Publishes "what counts for whom" (CountedCoursesChanged) for every learner a change moves, in the
 * caller's transaction (so through the outbox, with the change), each event carrying the next version
 * of that teacher's list.
 *
 * Why a later version never carries an older list: the caller holds the project row — shared when one
 * teacher's list moves, exclusive when many may (policy, a school's or county's choice, a study group) —
 * and a teacher's version is taken before anything their list depends on is read. Two changes of one
 * teacher's list therefore queue on the version row, and the second reads what the first committed.
 */
export class CountedCoursesPublisher {
  constructor(
    readonly ctx: SelectionContext,
    private readonly pageSize = PAGE_SIZE,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes (and locks until commit) the next version of these teachers' lists. */
  versions(manager: EntityManager, projectId: string, teacherIds: readonly string[]): Promise<Map<string, CountedStamp>> {
    return this.ctx.selections.nextCountedVersions(manager, projectId, teacherIds, this.now());
  }

  /** Writes the events of standings computed after `versions` was taken for their teachers; final ones are recorded as such. */
  async publish(manager: EntityManager, project: ProjectRecord, standings: readonly ParticipantStanding[], versions: ReadonlyMap<string, CountedStamp>, final: boolean): Promise<void> {
    await publish(
      manager,
      standings.map((s) => {
        const stamp = versions.get(s.enrollment.teacherId);
        if (!stamp) throw new Error(`no counted-courses version taken for teacher ${s.enrollment.teacherId}`);
        return countedCoursesEvent(project, s.enrollment.teacherId, s.standing, final, stamp);
      }),
    );
    if (final) await this.ctx.selections.markFinalPublished(manager, project.id, standings.map((s) => s.enrollment.teacherId));
  }

  /** These learners' lists: versions first, then their standings as committed (one round of statements). */
  async publishFor(manager: EntityManager, project: ProjectRecord, policy: SelectionPolicy, learners: readonly EnrollmentRecord[], final: boolean): Promise<ParticipantStanding[]> {
    if (learners.length === 0) return [];
    const versions = await this.versions(manager, project.id, learners.map((l) => l.teacherId));
    const standings = await this.ctx.standings(manager, project, policy, learners);
    await this.publish(manager, project, standings, versions, final);
    return standings;
  }

  /**
   * Every learner of the project, or of the unit at `underPath` and the units below it, a page at a
   * time (the caller holds the project row exclusively). Returns how many lists were published.
   */
  async republish(manager: EntityManager, project: ProjectRecord, policy: SelectionPolicy, underPath: string | null): Promise<number> {
    let after = '';
    let published = 0;
    for (;;) {
      const learners = await this.ctx.projections.learnersAfter(manager, project.id, after, this.pageSize, underPath);
      await this.publishFor(manager, project, policy, learners, false);
      published += learners.length;
      const last = learners.at(-1);
      if (!last || learners.length < this.pageSize) return published;
      after = last.teacherId;
    }
  }

  /**
   * After identity's events moved these teachers (an enrollment, a study group's membership): their
   * lists again, until study starts. From then on the lock sweep's final lists stand; only a learner the
   * sweep has passed without one (their enrollment reached catalog after its batch) gets their final
   * list here, once. Nothing before catalog knows the project and its policy. Locks come before every
   * read here: the consumer's transaction takes its snapshot at its first plain read; the version row
   * also queues two late events of one teacher, so the second sees the first's final list.
   */
  async republishTeachers(manager: EntityManager, projectId: string, teacherIds: readonly string[], lock: 'shared' | 'exclusive'): Promise<number> {
    const project = await this.ctx.projections.lockProject(manager, projectId, lock);
    if (!project || teacherIds.length === 0) return 0;
    const final = selectionPhase(project, this.now()) === 'locked';
    const versions = await this.versions(manager, project.id, teacherIds);
    const policy = await this.ctx.policies.find(manager, project.id);
    if (!policy) return 0;
    const learners = final
      ? await this.ctx.projections.learnersMissedBySweep(manager, project.id, teacherIds)
      : await this.ctx.projections.learnersAmong(manager, project.id, teacherIds);
    if (learners.length === 0) return 0;
    await this.publish(manager, project, await this.ctx.standings(manager, project, policy.policy, learners), versions, final);
    return learners.length;
  }
}
