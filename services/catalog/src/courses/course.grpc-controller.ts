import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { catalog } from '@yanxiu/contracts';
import { CatalogErrorFilter } from '../catalog-error.filter.js';
import { CatalogError } from '../catalog.error.js';
import { kindFromProto, levelFromProto, stageFromProto } from '../contract-enums.js';
import { courseDraftFromProto, courseStatusFromProto, courseToProto } from './course.mapper.js';
import { CreateCourseUseCase, UpdateCourseUseCase } from './save-course.use-case.js';
import { GetCourseUseCase, SearchCoursesUseCase } from './search-courses.use-case.js';

const SERVICE = 'CatalogService';

/** Courses over gRPC: translate messages, call one use case. */
@Controller()
@UseFilters(CatalogErrorFilter)
export class CourseGrpcController {
  constructor(
    private readonly createCourseUseCase: CreateCourseUseCase,
    private readonly updateCourseUseCase: UpdateCourseUseCase,
    private readonly getCourseUseCase: GetCourseUseCase,
    private readonly searchCoursesUseCase: SearchCoursesUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'CreateCourse')
  async createCourse(@Payload() request: catalog.CreateCourseRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.CreateCourseResponse> {
    return { course: courseToProto(await this.createCourseUseCase.execute(principal, courseDraftFromProto(request.draft))) };
  }

  @GrpcMethod(SERVICE, 'UpdateCourse')
  async updateCourse(@Payload() request: catalog.UpdateCourseRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.UpdateCourseResponse> {
    const course = await this.updateCourseUseCase.execute(principal, {
      id: request.id,
      expectedRevision: request.expectedRevision,
      draft: courseDraftFromProto(request.draft),
      status: courseStatusFromProto(request.status),
    });
    return { course: courseToProto(course) };
  }

  @GrpcMethod(SERVICE, 'GetCourse')
  async getCourse(@Payload() request: catalog.GetCourseRequest): Promise<catalog.GetCourseResponse> {
    return { course: courseToProto(await this.getCourseUseCase.execute(request.id)) };
  }

  @GrpcMethod(SERVICE, 'SearchCourses')
  async searchCourses(@Payload() request: catalog.SearchCoursesRequest): Promise<catalog.SearchCoursesResponse> {
    const stage = request.stage ? stageFromProto(request.stage) : null;
    const kind = request.kind ? kindFromProto(request.kind) : null;
    const level = request.level ? levelFromProto(request.level) : null;
    if ((request.stage && !stage) || (request.kind && !kind) || (request.level && !level)) throw new CatalogError('invalid_argument', 'unknown stage, kind or level');
    const result = await this.searchCoursesUseCase.execute({
      stage,
      subject: request.subject.trim() || null,
      topicId: request.topicId || null,
      chapterId: request.chapterId || null,
      kind,
      level,
      query: request.query,
      includeRetired: request.includeRetired,
      pageSize: request.pageSize,
      pageToken: request.pageToken,
    });
    return { courses: result.courses.map(courseToProto), nextPageToken: result.nextPageToken, total: result.total };
  }
}
