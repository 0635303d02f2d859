import type { Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import { projectForCaller } from '../enrollment/enrollment-access.js';
import type { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { IdentityError } from '../identity.error.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import { provinceToday, type Clock } from '../training-projects/project-calendar.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { refuseGrouping, rulesOf, tutorReport } from './form-study-groups.use-case.js';
import { decideGroupingWrite, groupingRegionProblem } from './group-override-rules.js';
import { regionOf } from './region.js';
import type { TutorTeamReport } from './study-group.js';
import type { StudyGroupRepository } from './study-group.repository.js';
import { groupingSubject } from './subject-affinity.js';

/** 学科指导教师组设组长一人: the responsible admin names one of a team's enrolled tutors its head. */
export class SetTutorTeamHeadUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly groups: StudyGroupRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; orgId: string; subject: string; teacherId: string }): Promise<TutorTeamReport> {
    if (!command.orgId || !command.teacherId) throw new IdentityError('invalid_argument', "org id (the team's county or city) and teacher id are required");
    // READ COMMITTED: the team reported after the region lock is as the latest committed write left it.
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const project = await projectForCaller(manager, this.projects, principal, command.projectId);
      const region = await this.orgs.findById(manager, command.orgId);
      if (!region) throw new IdentityError('org_not_found', `org ${command.orgId} not found`);
      const regionProblem = groupingRegionProblem(project.grouping, region.level);
      if (regionProblem) throw new IdentityError('invalid_argument', regionProblem);
      const now = this.clock();
      refuseGrouping(decideGroupingWrite(principal, project, region.path, provinceToday(now)));
      await this.groups.lockRegion(manager, project.id, { orgId: region.id, path: region.path }, principal.username, now);

      const tutor = await this.enrollment.lockByTeacher(manager, project.id, command.teacherId);
      if (!tutor || tutor.status !== 'enrolled' || tutor.role !== 'tutor') {
        throw new IdentityError('grouping_rule_violated', `teacher ${command.teacherId} is not enrolled in this project as a tutor (指导教师)`);
      }
      const rules = rulesOf(project);
      const tutorRegion = regionOf(tutor.orgPath, project.grouping.tutorTeamScope);
      const subject = groupingSubject(rules.stage, rules.affinity, tutor.subject);
      if (tutorRegion !== region.path || subject !== command.subject) {
        throw new IdentityError('grouping_rule_violated', `teacher ${command.teacherId} is a tutor of the ${subject || '幼儿园'} team of ${tutorRegion}, not of the ${command.subject || '幼儿园'} team of ${region.path}`);
      }
      await this.groups.setHead(manager, project.id, region.path, command.subject, tutor.teacherId);
      const team = (await tutorReport(manager, this.groups, this.enrollment, project, region.path)).find((t) => t.subject === command.subject);
      if (!team) throw new Error(`the ${command.subject} team of ${region.path} vanished inside its transaction`);
      return team;
    });
  }
}
