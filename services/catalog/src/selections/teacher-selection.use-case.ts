import { adminLevel, type Principal } from '@yanxiu/auth';
import { catalogSelection, Topics } from '@yanxiu/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { publish } from '../catalog-events.js';
import { assertInJurisdiction, CatalogError } from '../catalog.error.js';
import { offeredTo, type CountedCourse } from '../policies/check-selection.js';
import type { CourseLevel, OfferedCourse, PackageRule } from '../policies/selection-policy.js';
import type { EnrollmentRecord } from '../projections/identity-projection.repository.js';
import { selectionPhase, type ProjectRecord } from '../projections/project.js';
import { levelToProto } from '../contract-enums.js';
import { asSchoolChoice, type CountedStamp, type SchoolChoiceRecord, type TeacherSelectionRecord } from './selection.js';
import type { SelectionContext } from './selection-context.js';
import { teacherSelectionToProto } from './selection.mapper.js';
import { assertSelectionOpen, standingOf, type Standing } from './standing.js';

const MAX_COURSES = 200;

/** The caller's own teacher id (the token's teacher_id claim). */
function callerTeacherId(principal: Principal): string {
  if (!principal.teacherId) throw new CatalogError('role_not_allowed', 'only teachers with an account (teacher_id in the token) choose courses');
  return principal.teacherId;
}

/** Trainees and group leaders study and choose; tutors, experts and hosts do not. */
async function learnerEnrollment(ctx: SelectionContext, manager: EntityManager, projectId: string, teacherId: string): Promise<EnrollmentRecord> {
  const enrollment = await ctx.projections.findEnrollment(manager, projectId, teacherId);
  if (!enrollment) throw new CatalogError('not_enrolled', `teacher ${teacherId} is not enrolled in project ${projectId}`);
  if (enrollment.role !== 'trainee' && enrollment.role !== 'group_leader') throw new CatalogError('role_not_allowed', `${enrollment.role} participants do not choose courses`);
  return enrollment;
}

export interface SelectionResult {
  selection: TeacherSelectionRecord | null;
  standing: Standing;
}

/**
 * A teacher saves their whole selection inside the school's package (or topics), until study starts.
 * Anything that cannot stand (a course outside the package, too many hours in an exact chapter, both
 * of a 二选一) is refused with every reason; what is merely missing is saved and reported. Saving
 * publishes the selection and what now counts for the teacher.
 */
export class SaveTeacherSelectionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; courseIds: string[]; dryRun: boolean }): Promise<SelectionResult> {
    const teacherId = callerTeacherId(principal);
    const courseIds = [...new Set(command.courseIds)];
    if (courseIds.length > MAX_COURSES) throw new CatalogError('invalid_argument', `at most ${MAX_COURSES} courses per selection`);
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const project = await this.ctx.project(manager, command.projectId, 'shared');
      assertSelectionOpen(project, this.now());
      // The list's version before anything it depends on is read (see CountedCoursesPublisher); a check only publishes nothing.
      const versions = command.dryRun ? new Map<string, CountedStamp>() : await this.ctx.counted.versions(manager, project.id, [teacherId]);
      const enrollment = await learnerEnrollment(this.ctx, manager, project.id, teacherId);
      const policy = await this.ctx.policy(manager, project.id);
      const choice = await this.ctx.choiceFor(manager, project.id, enrollment.orgPath);
      if (policy.packages.length > 0 && !choice?.packageCode) throw new CatalogError('school_choice_missing', '学校还没有选定课程套餐，暂时不能选课');
      if (policy.electives?.schoolChooses && !choice?.topicIds.length) throw new CatalogError('school_choice_missing', '学校还没有选定选修专题，暂时不能选课');

      const current = await this.ctx.selections.lockSelection(manager, project.id, teacherId);
      const next: TeacherSelectionRecord = {
        projectId: project.id,
        teacherId,
        packageCode: choice?.packageCode ?? null,
        courseIds,
        revision: (current?.revision ?? 0) + 1,
        updatedAt: new Date(),
      };
      const level = (await this.ctx.selections.levelsOf(manager, project.id, [teacherId])).get(teacherId) ?? null;
      const standing = standingOf(policy, asSchoolChoice(choice), { stage: project.stage, subject: enrollment.subject, level }, next);
      const refused = standing.violations.filter((v) => v.severity === 'refused');
      if (refused.length > 0) throw new CatalogError('selection_refused', refused.map((v) => v.message).join('；'));
      if (command.dryRun) return { selection: current, standing };

      await this.ctx.selections.saveSelection(manager, next);
      await publish(manager, [
        {
          topic: Topics.teacherSelectionSaved,
          key: teacherId,
          type: 'yanxiu.catalog.v1.TeacherSelectionSaved',
          payload: catalogSelection.TeacherSelectionSaved.encode({ selection: teacherSelectionToProto(project.id, teacherId, next, standing) }).finish(),
        },
      ]);
      await this.ctx.counted.publish(manager, project, [{ enrollment, choice, standing }], versions, false);
      return { selection: next, standing };
    });
  }
}

export interface MyCourses {
  project: ProjectRecord;
  teacherId: string;
  choice: SchoolChoiceRecord | null;
  pkg: PackageRule | null;
  offered: OfferedCourse[];
  selection: TeacherSelectionRecord | null;
  standing: Standing;
  counted: CountedCourse[];
  locked: boolean;
}

/**
 * 我的课程: the package and what it offers, the teacher's selection with what is still missing, and what
 * counts toward the project's hours. For the teacher, or for an admin over their school.
 */
export class GetMyCoursesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; teacherId: string | null }): Promise<MyCourses> {
    const manager = this.dataSource.manager;
    const teacherId = command.teacherId && command.teacherId !== principal.teacherId ? command.teacherId : callerTeacherId(principal);
    const project = await this.ctx.project(manager, command.projectId);
    const enrollment = await learnerEnrollment(this.ctx, manager, project.id, teacherId);
    if (teacherId !== principal.teacherId) {
      if (adminLevel(principal) === null) throw new CatalogError('role_not_allowed', "only admins see another teacher's courses");
      assertInJurisdiction(principal, enrollment.orgPath);
    }
    const policy = await this.ctx.policy(manager, project.id);
    const [mine] = await this.ctx.standings(manager, project, policy, [enrollment]);
    if (!mine) throw new Error('standing of one enrollment went missing');
    const choice = asSchoolChoice(mine.choice);
    return {
      project,
      teacherId,
      choice: mine.choice,
      pkg: policy.packages.find((p) => p.code === choice.packageCode) ?? null,
      offered: [...offeredTo(policy, choice).values()],
      selection: (await this.ctx.selections.selectionsOf(manager, project.id, [teacherId])).get(teacherId) ?? null,
      standing: mine.standing,
      counted: mine.standing.counted,
      locked: selectionPhase(project, this.now()) === 'locked',
    };
  }
}

/**
 * 幼儿园: a study group's leader picks its course level (基础 / 提高) for the whole group; the members'
 * pushed courses follow, so what counts is republished for each member.
 */
export class ChooseGroupLevelUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; groupId: string; level: CourseLevel }): Promise<catalogSelection.GroupLevelChosen> {
    const teacherId = callerTeacherId(principal);
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const project = await this.ctx.project(manager, command.projectId, 'exclusive');
      if (project.stage !== 'kindergarten') throw new CatalogError('invalid_argument', '只有幼儿园研修组选择课程层次');
      assertSelectionOpen(project, this.now());
      const group = await this.ctx.projections.findStudyGroup(manager, command.groupId);
      if (!group || group.dissolved || group.projectId !== project.id) throw new CatalogError('not_enrolled', `study group ${command.groupId} is not a group of project ${project.id}`);
      if (group.leaderTeacherId !== teacherId) throw new CatalogError('role_not_allowed', '只有本组的研修组长可以选择课程层次');
      const chosen = { groupId: group.groupId, projectId: project.id, level: command.level, chosenBy: principal.username, chosenAt: new Date() };
      await this.ctx.selections.saveGroupLevel(manager, chosen);

      const policy = await this.ctx.policy(manager, project.id);
      const event: catalogSelection.GroupLevelChosen = { projectId: project.id, groupId: group.groupId, level: levelToProto(command.level), chosenBy: principal.username, chosenAt: chosen.chosenAt.toISOString() };
      await publish(manager, [{ topic: Topics.groupLevelChosen, key: group.groupId, type: 'yanxiu.catalog.v1.GroupLevelChosen', payload: catalogSelection.GroupLevelChosen.encode(event).finish() }]);
      await this.ctx.counted.publishFor(manager, project, policy, await this.ctx.projections.learnersAmong(manager, project.id, group.memberTeacherIds), false);
      return event;
    });
  }
}
