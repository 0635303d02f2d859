import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { levels } from '../catalog/catalog.mapper.js';
import { ServiceClients } from '../grpc/service-clients.js';
import {
  DryRunQuery,
  GroupLevelBody,
  GroupLevelView,
  MyCoursesView,
  PageQuery,
  SchoolChoiceAnswer,
  SchoolChoiceBody,
  SchoolChoiceView,
  SchoolSelectionStatusView,
  SchoolSummaryPageView,
  TeacherSelectionBody,
  TeacherSelectionView,
} from './course-selection.dto.js';
import { levelName, myCoursesView, schoolChoiceView, teacherSelectionView } from './course-selection.mapper.js';

const choice = (body: SchoolChoiceBody) => ({ packageCode: body.packageCode ?? '', topicIds: body.topicIds ?? [] });
const must = <T>(value: T | null, what: string): T => {
  if (value === null) throw new Error(`service answered without a ${what}`);
  return value;
};

/** 选课: schools choose packages (or counties for all their schools), teachers choose courses inside them. */
@ApiTags('course selection')
@ApiBearerAuth()
@Controller()
export class CourseSelectionController {
  constructor(private readonly services: ServiceClients) {}

  @Put('projects/:projectId/schools/:orgId/choice')
  @ApiOperation({ summary: "Choose the school's package (or elective topics), in the selection window, until study starts (school admins and above)" })
  @ApiResponse({ status: 200, type: SchoolChoiceView })
  async chooseForSchool(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Param('orgId', ParseUUIDPipe) orgId: string,
    @Body() body: SchoolChoiceBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SchoolChoiceView> {
    return must(schoolChoiceView((await this.services.catalog(principal).saveSchoolChoice({ projectId, orgId, ...choice(body) })).choice), 'choice');
  }

  @Get('projects/:projectId/schools/:orgId/choice')
  @ApiOperation({ summary: 'What applies to a school: a choice imposed above it, else its own' })
  @ApiResponse({ status: 200, type: SchoolChoiceAnswer })
  async schoolChoice(@Param('projectId', ParseUUIDPipe) projectId: string, @Param('orgId', ParseUUIDPipe) orgId: string, @CurrentPrincipal() principal: Principal): Promise<SchoolChoiceAnswer> {
    return { choice: schoolChoiceView((await this.services.catalog(principal).getSchoolChoice({ projectId, orgId })).choice) };
  }

  @Put('projects/:projectId/orgs/:orgId/imposed-choice')
  @ApiOperation({ summary: 'Impose one package (or topics) on every school below a county, city or the province' })
  @ApiResponse({ status: 200, type: SchoolChoiceView })
  async impose(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Param('orgId', ParseUUIDPipe) orgId: string,
    @Body() body: SchoolChoiceBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SchoolChoiceView> {
    return must(schoolChoiceView((await this.services.catalog(principal).imposeChoice({ projectId, orgId, ...choice(body) })).choice), 'choice');
  }

  @Delete('projects/:projectId/orgs/:orgId/imposed-choice')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift an imposed choice: the schools below choose for themselves again' })
  async lift(@Param('projectId', ParseUUIDPipe) projectId: string, @Param('orgId', ParseUUIDPipe) orgId: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.services.catalog(principal).liftImposedChoice({ projectId, orgId });
  }

  @Put('me/projects/:projectId/course-selection')
  @ApiOperation({
    summary: 'Save my whole course selection inside my school’s package (teachers), until study starts',
    description: 'Refused (400) when something cannot stand — a course outside the package, too many hours in a chapter, both of a 二选一; what is merely missing is saved and listed in violations. dryRun=true checks without saving.',
  })
  @ApiResponse({ status: 200, type: TeacherSelectionView })
  async saveSelection(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Body() body: TeacherSelectionBody,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TeacherSelectionView> {
    const { selection } = await this.services.catalog(principal).saveTeacherSelection({ projectId, teacherId: '', courseIds: body.courseIds, dryRun: query.dryRun === 'true' });
    return teacherSelectionView(selection);
  }

  @Get('me/projects/:projectId/courses')
  @ApiOperation({ summary: 'My courses: required and chosen, what is still missing, and the hours toward the project total' })
  @ApiResponse({ status: 200, type: MyCoursesView })
  async myCourses(@Param('projectId', ParseUUIDPipe) projectId: string, @CurrentPrincipal() principal: Principal): Promise<MyCoursesView> {
    return myCoursesView(await this.services.catalog(principal).getMyCourses({ projectId, teacherId: '' }));
  }

  @Get('projects/:projectId/teachers/:teacherId/courses')
  @ApiOperation({ summary: "A participant's courses, for admins over their school" })
  @ApiResponse({ status: 200, type: MyCoursesView })
  async teacherCourses(@Param('projectId', ParseUUIDPipe) projectId: string, @Param('teacherId', ParseUUIDPipe) teacherId: string, @CurrentPrincipal() principal: Principal): Promise<MyCoursesView> {
    return myCoursesView(await this.services.catalog(principal).getMyCourses({ projectId, teacherId }));
  }

  @Put('projects/:projectId/study-groups/:groupId/level')
  @ApiOperation({ summary: "Choose a kindergarten study group's course level (基础 / 提高); the group's leader only" })
  @ApiResponse({ status: 200, type: GroupLevelView })
  async chooseLevel(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Body() body: GroupLevelBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<GroupLevelView> {
    const { chosen } = await this.services.catalog(principal).chooseGroupLevel({ projectId, groupId, level: levels[body.level] });
    if (!chosen) throw new Error('service answered without the chosen level');
    return { ...chosen, level: levelName(chosen.level) };
  }

  @Get('projects/:projectId/schools/:orgId/selection-status')
  @ApiOperation({ summary: "A school's package and each participant's selection completeness (admins over the school)" })
  @ApiResponse({ status: 200, type: SchoolSelectionStatusView })
  async schoolStatus(@Param('projectId', ParseUUIDPipe) projectId: string, @Param('orgId', ParseUUIDPipe) orgId: string, @CurrentPrincipal() principal: Principal): Promise<SchoolSelectionStatusView> {
    const status = await this.services.catalog(principal).getSchoolSelectionStatus({ projectId, orgId });
    return { ...status, choice: schoolChoiceView(status.choice) };
  }

  @Get('projects/:projectId/orgs/:orgId/school-selections')
  @ApiOperation({ summary: 'Every school below a county, city or the province: its choice and how many participants completed their selection' })
  @ApiResponse({ status: 200, type: SchoolSummaryPageView })
  async schoolSummaries(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Param('orgId', ParseUUIDPipe) orgId: string,
    @Query() query: PageQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SchoolSummaryPageView> {
    const page = await this.services.catalog(principal).listSchoolSelectionStatus({ projectId, orgId, pageSize: query.pageSize ?? 0, pageToken: query.pageToken ?? '' });
    return { ...page, schools: page.schools.map((s) => ({ ...s, choice: schoolChoiceView(s.choice) })) };
  }
}
