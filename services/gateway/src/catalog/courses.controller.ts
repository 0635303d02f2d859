import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { stages } from '../teachers/teacher.mapper.js';
import { CourseBody, CoursePageView, CourseView, SearchCoursesQuery, UpdateCourseBody } from './catalog.dto.js';
import { courseDraft, courseView, kinds, levels, statuses } from './catalog.mapper.js';

/** The course catalog: province experts keep it, everyone searches it. */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('courses')
export class CoursesController {
  constructor(private readonly services: ServiceClients) {}

  @Post()
  @ApiOperation({ summary: 'Add a course (province course experts and province admins)' })
  @ApiResponse({ status: 201, type: CourseView })
  async create(@Body() body: CourseBody, @CurrentPrincipal() principal: Principal): Promise<CourseView> {
    return courseView((await this.services.catalog(principal).createCourse({ draft: courseDraft(body) })).course);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a course (or retire it); 409 when someone saved it since you read it' })
  @ApiResponse({ status: 200, type: CourseView })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateCourseBody, @CurrentPrincipal() principal: Principal): Promise<CourseView> {
    const { course } = await this.services.catalog(principal).updateCourse({
      id,
      expectedRevision: body.expectedRevision,
      draft: courseDraft(body),
      status: body.status ? statuses[body.status] : 0,
    });
    return courseView(course);
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: CourseView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<CourseView> {
    return courseView((await this.services.catalog(principal).getCourse({ id })).course);
  }

  @Get()
  @ApiOperation({ summary: 'Search the catalog by stage, subject, topic, chapter, kind, level and title', description: 'Courses for every stage or subject match any stage or subject.' })
  @ApiResponse({ status: 200, type: CoursePageView })
  async search(@Query() query: SearchCoursesQuery, @CurrentPrincipal() principal: Principal): Promise<CoursePageView> {
    const result = await this.services.catalog(principal).searchCourses({
      stage: query.stage ? stages[query.stage] : 0,
      subject: query.subject ?? '',
      topicId: query.topicId ?? '',
      chapterId: query.chapterId ?? '',
      kind: query.kind ? kinds[query.kind] : 0,
      level: query.level ? levels[query.level] : 0,
      query: query.q ?? '',
      includeRetired: query.includeRetired === 'true',
      pageSize: query.pageSize ?? 0,
      pageToken: query.pageToken ?? '',
    });
    return { courses: result.courses.map(courseView), nextPageToken: result.nextPageToken, total: result.total };
  }
}
