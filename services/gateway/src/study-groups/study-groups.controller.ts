import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { pageOf } from '../listing/page.dto.js';
import {
  AssignTutorBody,
  ChangeLeaderBody,
  FormedStudyGroupsView,
  FormStudyGroupsBody,
  ListStudyGroupsQuery,
  MoveMemberBody,
  MoveMemberView,
  SetTeamHeadBody,
  StudyGroupPageView,
  StudyGroupView,
  TutorReportQuery,
  TutorReportView,
  TutorTeamView,
} from './study-groups.dto.js';
import { studyGroupView, tutorTeamView } from './study-groups.mapper.js';

/** 研修组 and 指导教师: identity forms, checks every override against the project's rules, and confines every read. */
@ApiTags('study groups')
@ApiBearerAuth()
@Controller()
export class StudyGroupsController {
  constructor(private readonly services: ServiceClients) {}

  @Post('training-projects/:id/study-groups/formations')
  @HttpCode(200)
  @ApiOperation({
    summary: "Form the study groups of a county or city and allocate its tutors (编组, 配备指导教师)",
    description: "The admin of the project's tutor team scope or above, in the grouping window. Replaces the region's groups; answers the groups and each tutor team's shortfall.",
  })
  @ApiResponse({ status: 200, type: FormedStudyGroupsView })
  async form(@Param('id', ParseUUIDPipe) id: string, @Body() body: FormStudyGroupsBody, @CurrentPrincipal() principal: Principal): Promise<FormedStudyGroupsView> {
    const formed = await this.services.identity(principal).formStudyGroups({ projectId: id, orgId: body.orgId });
    return { groups: formed.groups.map(studyGroupView), teams: formed.teams.map(tutorTeamView) };
  }

  @Get('training-projects/:id/study-groups')
  @ApiOperation({ summary: 'Study groups in an org of your jurisdiction, by org and name, paginated' })
  @ApiResponse({ status: 200, type: StudyGroupPageView })
  async list(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListStudyGroupsQuery, @CurrentPrincipal() principal: Principal): Promise<StudyGroupPageView> {
    const page = await this.services.identity(principal).listStudyGroups({ projectId: id, orgId: query.orgId ?? '', ...pageOf(query) });
    return { groups: page.groups.map(studyGroupView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Get('training-projects/:id/tutor-report')
  @ApiOperation({ summary: "Tutor teams of the counties or cities under an org and their shortfall by the project's ratios" })
  @ApiResponse({ status: 200, type: TutorReportView })
  async tutorReport(@Param('id', ParseUUIDPipe) id: string, @Query() query: TutorReportQuery, @CurrentPrincipal() principal: Principal): Promise<TutorReportView> {
    const report = await this.services.identity(principal).getTutorReport({ projectId: id, orgId: query.orgId ?? '' });
    return { teams: report.teams.map(tutorTeamView), missing: report.missing };
  }

  @Put('training-projects/:id/tutor-teams/head')
  @ApiOperation({ summary: "Name one of a team's enrolled tutors its head (学科指导教师组组长)", description: 'The admin of the team\'s county or city or above, in the grouping window.' })
  @ApiResponse({ status: 200, type: TutorTeamView })
  async setTeamHead(@Param('id', ParseUUIDPipe) id: string, @Body() body: SetTeamHeadBody, @CurrentPrincipal() principal: Principal): Promise<TutorTeamView> {
    const { team } = await this.services.identity(principal).setTutorTeamHead({ projectId: id, orgId: body.orgId, subject: body.subject, teacherId: body.teacherId });
    if (!team) throw new Error('service answered without a team');
    return tutorTeamView(team);
  }

  @Get('me/training-projects/:id/study-groups')
  @ApiOperation({ summary: 'My study group in a project, or the groups I tutor, with their members' })
  @ApiResponse({ status: 200, type: [StudyGroupView] })
  async mine(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<StudyGroupView[]> {
    return (await this.services.identity(principal).listMyStudyGroups({ projectId: id })).groups.map(studyGroupView);
  }

  @Get('study-groups/:id')
  @ApiOperation({ summary: 'A study group with its members (admins over it, its members and its tutor)' })
  @ApiResponse({ status: 200, type: StudyGroupView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<StudyGroupView> {
    return studyGroupView((await this.services.identity(principal).getStudyGroup({ id })).group);
  }

  @Post('study-groups/:id/members')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a participant into this group', description: 'Refused when the group would exceed the maximum, cross schools or subjects against the rules, or the participant leads their group.' })
  @ApiResponse({ status: 200, type: MoveMemberView })
  async move(@Param('id', ParseUUIDPipe) id: string, @Body() body: MoveMemberBody, @CurrentPrincipal() principal: Principal): Promise<MoveMemberView> {
    const moved = await this.services.identity(principal).moveStudyGroupMember({ groupId: id, teacherId: body.teacherId });
    return { group: studyGroupView(moved.group), previousGroup: moved.previousGroup ? studyGroupView(moved.previousGroup) : null };
  }

  @Put('study-groups/:id/leader')
  @ApiOperation({ summary: "Appoint one of the group's members as its leader (研修组长)" })
  @ApiResponse({ status: 200, type: StudyGroupView })
  async changeLeader(@Param('id', ParseUUIDPipe) id: string, @Body() body: ChangeLeaderBody, @CurrentPrincipal() principal: Principal): Promise<StudyGroupView> {
    return studyGroupView((await this.services.identity(principal).changeStudyGroupLeader({ groupId: id, teacherId: body.teacherId })).group);
  }

  @Put('study-groups/:id/tutor')
  @ApiOperation({ summary: "Bind the group to one tutor of its team (or none)", description: "Refused for a tutor of another county/city or subject team, or one already at the project's groups-per-tutor ratio." })
  @ApiResponse({ status: 200, type: StudyGroupView })
  async assignTutor(@Param('id', ParseUUIDPipe) id: string, @Body() body: AssignTutorBody, @CurrentPrincipal() principal: Principal): Promise<StudyGroupView> {
    return studyGroupView((await this.services.identity(principal).assignStudyGroupTutor({ groupId: id, tutorTeacherId: body.tutorTeacherId ?? '' })).group);
  }
}
