import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { CourseRulesBody, CourseRulesView, MyProjectProgressView, MyWatchingView, ParticipantsPageView, ParticipantsQuery } from './progress.dto.js';
import { myProgressView } from './progress.mapper.js';

/** Study progress: a teacher's own, and a project's participants for admins over them (progress checks both). */
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
  @ApiOperation({ summary: "Participants' progress under an org of your jurisdiction (school, county, city…), paged" })
  @ApiResponse({ status: 200, type: ParticipantsPageView })
  async participants(@Param('projectId', ParseUUIDPipe) projectId: string, @Query() query: ParticipantsQuery, @CurrentPrincipal() principal: Principal): Promise<ParticipantsPageView> {
    return this.services.progress(principal).listOrgProgress({ projectId, orgPath: query.orgPath ?? '', pageSize: query.pageSize ?? 0, pageToken: query.pageToken ?? '' });
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
