import { status as GrpcStatus } from '@grpc/grpc-js';
import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { studyGroup } from '@yanxiu/contracts';
import { ServiceClients } from '../grpc/service-clients.js';
import { hasGrpcStatus } from '../problems/problem-details.filter.js';
import {
  CourseRulesBody,
  CourseRulesView,
  DutyConfirmationResultView,
  GroupProgressView,
  MyGroupsProgressView,
  MyProjectProgressView,
  MyWatchingView,
  ParticipantsPageView,
  ParticipantsQuery,
  QualificationStandardBody,
  QualificationStandardsView,
  QualificationStandardView,
} from './progress.dto.js';
import { dutyConfirmationView, groupProgressView, myGroupsProgressView, myProgressView, participantNamesRequest, participantsPageView } from './progress.mapper.js';

/**
 * Study progress: a teacher's own, a study group's for its leader and tutor, a project's participants for
 * admins over them; qualification standards per role and duty confirmations (progress checks all of it).
 * Progress holds no names: the lists ask identity for them afterwards, with the caller's token, so identity's
 * own rules decide whom the caller may see named; if identity fails, the request fails with it (except a group
 * identity dissolved: see group()).
 */
@ApiTags('progress')
@ApiBearerAuth()
@Controller('progress')
export class ProgressController {
  constructor(private readonly services: ServiceClients) {}

  @Get('projects/:projectId/me')
  @ApiOperation({ summary: 'My progress in a training project: each counted course, the project total, qualification and credit' })
  @ApiResponse({ status: 200, type: MyProjectProgressView })
  async mine(@Param('projectId', ParseUUIDPipe) projectId: string, @CurrentPrincipal() principal: Principal): Promise<MyProjectProgressView> {
    return myProgressView(await this.services.progress(principal).getMyProjectProgress({ projectId }));
  }

  @Get('courses/:courseId/watching/me')
  @ApiOperation({ summary: 'What I watched of a course (any day): for the progress bar and resuming' })
  @ApiResponse({ status: 200, type: MyWatchingView })
  async myWatching(@Param('courseId') courseId: string, @CurrentPrincipal() principal: Principal): Promise<MyWatchingView> {
    return this.services.progress(principal).getMyWatching({ courseId });
  }

  @Get('projects/:projectId/participants')
  @ApiOperation({ summary: "Participants' progress under an org of your jurisdiction (school, county, city…), paged, each with name and masked ID number" })
  @ApiResponse({ status: 200, type: ParticipantsPageView })
  async participants(@Param('projectId', ParseUUIDPipe) projectId: string, @Query() query: ParticipantsQuery, @CurrentPrincipal() principal: Principal): Promise<ParticipantsPageView> {
    const page = await this.services.progress(principal).listOrgProgress({ projectId, orgPath: query.orgPath ?? '', pageSize: query.pageSize ?? 0, pageToken: query.pageToken ?? '' });
    const names = participantNamesRequest(page);
    return participantsPageView(page, names ? (await this.services.identity(principal).listEnrollments(names)).enrollments : []);
  }

  @Get('projects/:projectId/groups/mine')
  @ApiOperation({ summary: "My study groups' progress: the group I lead, every group I tutor, members, leader and tutor by name (403 for anyone else)" })
  @ApiResponse({ status: 200, type: MyGroupsProgressView })
  async myGroups(@Param('projectId', ParseUUIDPipe) projectId: string, @CurrentPrincipal() principal: Principal): Promise<MyGroupsProgressView> {
    const mine = await this.services.progress(principal).listMyGroupsProgress({ projectId });
    return myGroupsProgressView(mine, (await this.services.identity(principal).listMyStudyGroups({ projectId })).groups);
  }

  @Get('groups/:groupId')
  @ApiOperation({ summary: "A study group's progress, members, leader and tutor by name, for its leader and its tutor only (admins: the participants list)" })
  @ApiResponse({ status: 200, type: GroupProgressView })
  async group(@Param('groupId', ParseUUIDPipe) groupId: string, @CurrentPrincipal() principal: Principal): Promise<GroupProgressView> {
    const { group } = await this.services.progress(principal).getGroupProgress({ groupId });
    let named: studyGroup.StudyGroup | undefined;
    try {
      named = (await this.services.identity(principal).getStudyGroup({ id: groupId })).group;
    } catch (error) {
      // Identity no longer has the group (a new formation dissolved it) and progress has not applied that yet: the
      // leader and tutor keep the progress they saw, unnamed, as …/groups/mine shows it, until progress answers 404.
      if (!hasGrpcStatus(error, GrpcStatus.NOT_FOUND)) throw error;
    }
    return groupProgressView(group, named);
  }

  @Get('projects/:projectId/qualification-standards')
  @ApiOperation({ summary: "What each role needs to qualify for the project's hours (its own standard, or the default)" })
  @ApiResponse({ status: 200, type: QualificationStandardsView })
  async standards(@Param('projectId', ParseUUIDPipe) projectId: string, @CurrentPrincipal() principal: Principal): Promise<QualificationStandardsView> {
    return this.services.progress(principal).listQualificationStandards({ projectId });
  }

  @Put('projects/:projectId/qualification-standards/:role')
  @ApiOperation({ summary: "Set the project's own standard for a role (province admins, before the study starts); 409 when someone saved it since you read it" })
  @ApiResponse({ status: 200, type: QualificationStandardView })
  async standard(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Param('role') role: string,
    @Body() body: QualificationStandardBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QualificationStandardView> {
    const { standard } = await this.services.progress(principal).saveQualificationStandard({ projectId, role, ...body });
    if (!standard) throw new Error('service answered without a standard');
    return standard;
  }

  @Put('projects/:projectId/duty-confirmations/:teacherId')
  @ApiOperation({ summary: "Confirm a group leader's or tutor's duty work (the admin over the county, or city, of their study groups); again: created=false" })
  @ApiResponse({ status: 200, type: DutyConfirmationResultView })
  async confirmDuty(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Param('teacherId', ParseUUIDPipe) teacherId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DutyConfirmationResultView> {
    return dutyConfirmationView(await this.services.progress(principal).confirmRoleDuty({ projectId, teacherId }));
  }

  @Put('courses/:courseId/rules')
  @ApiOperation({ summary: 'What completing a course takes (course experts, province admins); 409 when someone saved it since you read it' })
  @ApiResponse({ status: 200, type: CourseRulesView })
  async rules(@Param('courseId') courseId: string, @Body() body: CourseRulesBody, @CurrentPrincipal() principal: Principal): Promise<CourseRulesView> {
    const { rules } = await this.services.progress(principal).saveCourseRules({ courseId, ...body });
    if (!rules) throw new Error('service answered without rules');
    return rules;
  }
}
