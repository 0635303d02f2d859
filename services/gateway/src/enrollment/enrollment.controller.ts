import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { pageOf } from '../listing/page.dto.js';
import {
  ChangeEnrollmentBody,
  ConfirmEnrollmentBody,
  EnrollmentPageView,
  EnrollmentProgressReportView,
  EnrollmentUnitView,
  EnrollmentView,
  EnrollTeachersBody,
  ListEnrollmentsQuery,
  MyEnrollmentView,
  OpenEnrollmentBody,
  ReturnUnitBody,
} from './enrollment.dto.js';
import { confirmations, enrollmentView, myEnrollmentView, progressView, roles, unitView } from './enrollment.mapper.js';

/** 报名 and 信息确认; identity decides who may do what, in which window, until study freezes it all. */
@ApiTags('enrollment')
@ApiBearerAuth()
@Controller()
export class EnrollmentController {
  constructor(private readonly services: ServiceClients) {}

  @Post('training-projects/:id/enrollment/open')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the project to counties (city admin) or to schools, kindergartens, institutions (county admin)', description: 'In the enrollment window. Already open orgs are returned unchanged.' })
  @ApiResponse({ status: 200, type: [EnrollmentUnitView] })
  async open(@Param('id', ParseUUIDPipe) id: string, @Body() body: OpenEnrollmentBody, @CurrentPrincipal() principal: Principal): Promise<EnrollmentUnitView[]> {
    return (await this.services.identity(principal).openEnrollment({ projectId: id, orgIds: body.orgIds })).units.map(unitView);
  }

  @Post('training-projects/:id/enrollment/units/:orgId/submit')
  @HttpCode(200)
  @ApiOperation({ summary: "Submit a unit's list (school admin), or a county / city after every unit below has (county / city admin)" })
  @ApiResponse({ status: 200, type: EnrollmentUnitView })
  async submit(@Param('id', ParseUUIDPipe) id: string, @Param('orgId', ParseUUIDPipe) orgId: string, @CurrentPrincipal() principal: Principal): Promise<EnrollmentUnitView> {
    return unitView((await this.services.identity(principal).submitEnrollmentUnit({ projectId: id, orgId })).unit);
  }

  @Post('training-projects/:id/enrollment/units/:orgId/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return (退回) a submitted unit, county or city for corrections (the admin of the level above)' })
  @ApiResponse({ status: 200, type: EnrollmentUnitView })
  async returnUnit(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('orgId', ParseUUIDPipe) orgId: string,
    @Body() body: ReturnUnitBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnrollmentUnitView> {
    return unitView((await this.services.identity(principal).returnEnrollmentUnit({ projectId: id, orgId, reason: body.reason })).unit);
  }

  @Get('training-projects/:id/enrollment/units/:orgId/progress')
  @ApiOperation({
    summary: 'Cascade status and confirmation completeness of an org and each org below it',
    description: 'Who has opened and submitted, and how many participants have confirmed, disputed or not yet answered (信息确认).',
  })
  @ApiResponse({ status: 200, type: EnrollmentProgressReportView })
  async progress(@Param('id', ParseUUIDPipe) id: string, @Param('orgId', ParseUUIDPipe) orgId: string, @CurrentPrincipal() principal: Principal): Promise<EnrollmentProgressReportView> {
    const report = await this.services.identity(principal).getEnrollmentProgress({ projectId: id, orgId });
    return { self: progressView(report.self), children: report.children.map(progressView) };
  }

  @Post('training-projects/:id/enrollments')
  @ApiOperation({ summary: "Put teachers of one unit on the project's list, each with one subject and one role (按学科填报)" })
  @ApiResponse({ status: 201, type: [EnrollmentView] })
  async enroll(@Param('id', ParseUUIDPipe) id: string, @Body() body: EnrollTeachersBody, @CurrentPrincipal() principal: Principal): Promise<EnrollmentView[]> {
    const entries = body.entries.map((e) => ({ teacherId: e.teacherId, subject: e.subject, role: roles[e.role] }));
    return (await this.services.identity(principal).enrollTeachers({ projectId: id, orgId: body.orgId, entries })).enrollments.map(enrollmentView);
  }

  @Get('training-projects/:id/enrollments')
  @ApiOperation({ summary: 'Participants in an org of your jurisdiction, by unit, paginated' })
  @ApiResponse({ status: 200, type: EnrollmentPageView })
  async list(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListEnrollmentsQuery, @CurrentPrincipal() principal: Principal): Promise<EnrollmentPageView> {
    const page = await this.services.identity(principal).listEnrollments({
      projectId: id,
      orgId: query.orgId,
      subject: query.subject ?? '',
      role: query.role ? roles[query.role] : 0,
      confirmation: query.confirmation ? confirmations[query.confirmation] : 0,
      teacherIds: [],
      ...pageOf(query),
    });
    return { enrollments: page.enrollments.map(enrollmentView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Patch('enrollments/:id')
  @ApiOperation({ summary: "Correct a participant's subject or role", description: 'Enrollment window (unit open), or county / city admins in the confirmation window; the participant confirms again.' })
  @ApiResponse({ status: 200, type: EnrollmentView })
  async change(@Param('id', ParseUUIDPipe) id: string, @Body() body: ChangeEnrollmentBody, @CurrentPrincipal() principal: Principal): Promise<EnrollmentView> {
    return enrollmentView((await this.services.identity(principal).changeEnrollment({ id, subject: body.subject, role: roles[body.role] })).enrollment);
  }

  @Post('enrollments/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a participant off the list' })
  @ApiResponse({ status: 200, type: EnrollmentView })
  async withdraw(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<EnrollmentView> {
    return enrollmentView((await this.services.identity(principal).withdrawEnrollment({ id })).enrollment);
  }

  @Get('me/enrollments')
  @ApiOperation({ summary: 'My enrollments (a teacher signed in with their ID number), newest project first, each with its project: name, year, stage, study dates, hours' })
  @ApiResponse({ status: 200, type: [MyEnrollmentView] })
  async mine(@CurrentPrincipal() principal: Principal): Promise<MyEnrollmentView[]> {
    return (await this.services.identity(principal).listMyEnrollments({})).enrollments.map(myEnrollmentView);
  }

  @Post('me/enrollments/:projectId/confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: '信息确认: confirm my enrollment, or report what is wrong with it', description: 'In the confirmation window, before study starts.' })
  @ApiResponse({ status: 200, type: EnrollmentView })
  async confirm(@Param('projectId', ParseUUIDPipe) projectId: string, @Body() body: ConfirmEnrollmentBody, @CurrentPrincipal() principal: Principal): Promise<EnrollmentView> {
    return enrollmentView((await this.services.identity(principal).confirmEnrollment({ projectId, correct: body.correct, note: body.note ?? '' })).enrollment);
  }
}
