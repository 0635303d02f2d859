import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@yanxiu/auth';
import { HealthModule, MetricsController } from '@yanxiu/observability';
import type { DataSource } from 'typeorm';
import type { CatalogConfig } from './catalog.config.js';
import { CourseGrpcController } from './courses/course.grpc-controller.js';
import { CourseRepository } from './courses/course.repository.js';
import { CreateCourseUseCase, UpdateCourseUseCase } from './courses/save-course.use-case.js';
import { GetCourseUseCase, SearchCoursesUseCase } from './courses/search-courses.use-case.js';
import { PolicyGrpcController } from './policies/policy.grpc-controller.js';
import { PolicyRepository } from './policies/policy.repository.js';
import { GetPolicyUseCase, SavePolicyUseCase } from './policies/save-policy.use-case.js';
import { IdentityProjectionRepository } from './projections/identity-projection.repository.js';
import { GetSchoolChoiceUseCase, ImposeChoiceUseCase, SaveSchoolChoiceUseCase } from './selections/school-choice.use-case.js';
import { SelectionContext } from './selections/selection-context.js';
import { SelectionGrpcController } from './selections/selection.grpc-controller.js';
import { SelectionRepository } from './selections/selection.repository.js';
import { GetSchoolSelectionStatusUseCase, ListSchoolSelectionStatusUseCase } from './selections/selection-status.use-case.js';
import { ChooseGroupLevelUseCase, GetMyCoursesUseCase, SaveTeacherSelectionUseCase } from './selections/teacher-selection.use-case.js';
import { ListTopicsUseCase } from './topics/list-topics.use-case.js';
import { SaveChapterUseCase, SaveTopicUseCase } from './topics/save-topic.use-case.js';
import { TopicGrpcController } from './topics/topic.grpc-controller.js';
import { TopicRepository } from './topics/topic.repository.js';

@Module({})
export class CatalogModule {
  /** Wires the use cases by hand: they are plain classes, testable without Nest. */
  static forRoot(config: CatalogConfig, dataSource: DataSource): DynamicModule {
    const courses = new CourseRepository();
    const topics = new TopicRepository();
    const policies = new PolicyRepository();
    const projections = new IdentityProjectionRepository();
    const ctx = new SelectionContext(projections, policies, new SelectionRepository());
    const saveSchoolChoice = new SaveSchoolChoiceUseCase(dataSource, ctx);
    return {
      module: CatalogModule,
      imports: [
        AuthModule.forRoot({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}) }),
        HealthModule.forRoot([{ name: 'database', check: () => dataSource.query('SELECT 1') }]),
      ],
      controllers: [CourseGrpcController, TopicGrpcController, PolicyGrpcController, SelectionGrpcController, MetricsController],
      providers: [
        { provide: CreateCourseUseCase, useValue: new CreateCourseUseCase(dataSource, courses, topics) },
        { provide: UpdateCourseUseCase, useValue: new UpdateCourseUseCase(dataSource, courses, topics) },
        { provide: GetCourseUseCase, useValue: new GetCourseUseCase(dataSource, courses) },
        { provide: SearchCoursesUseCase, useValue: new SearchCoursesUseCase(dataSource, courses) },
        { provide: SaveTopicUseCase, useValue: new SaveTopicUseCase(dataSource, topics) },
        { provide: SaveChapterUseCase, useValue: new SaveChapterUseCase(dataSource, topics) },
        { provide: ListTopicsUseCase, useValue: new ListTopicsUseCase(dataSource, topics) },
        { provide: SavePolicyUseCase, useValue: new SavePolicyUseCase(dataSource, policies, courses, topics, ctx) },
        { provide: GetPolicyUseCase, useValue: new GetPolicyUseCase(dataSource, policies) },
        { provide: SaveSchoolChoiceUseCase, useValue: saveSchoolChoice },
        { provide: ImposeChoiceUseCase, useValue: new ImposeChoiceUseCase(dataSource, ctx, saveSchoolChoice) },
        { provide: GetSchoolChoiceUseCase, useValue: new GetSchoolChoiceUseCase(dataSource, ctx) },
        { provide: SaveTeacherSelectionUseCase, useValue: new SaveTeacherSelectionUseCase(dataSource, ctx) },
        { provide: GetMyCoursesUseCase, useValue: new GetMyCoursesUseCase(dataSource, ctx) },
        { provide: ChooseGroupLevelUseCase, useValue: new ChooseGroupLevelUseCase(dataSource, ctx) },
        { provide: GetSchoolSelectionStatusUseCase, useValue: new GetSchoolSelectionStatusUseCase(dataSource, ctx) },
        { provide: ListSchoolSelectionStatusUseCase, useValue: new ListSchoolSelectionStatusUseCase(dataSource, ctx) },
      ],
    };
  }
}
