import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@yanxiu/auth';
import { HealthModule, MetricsController } from '@yanxiu/observability';
import { CoursesController } from './catalog/courses.controller.js';
import { PoliciesController } from './catalog/policies.controller.js';
import { TopicsController } from './catalog/topics.controller.js';
import { CourseSelectionController } from './course-selection/course-selection.controller.js';
import type { GatewayConfig } from './gateway.config.js';
import { serviceClientsModule, ServiceClients } from './grpc/service-clients.js';
import { heartbeatProviders } from './heartbeats/heartbeat.providers.js';
import { HeartbeatsController } from './heartbeats/heartbeats.controller.js';
import { CreditsController } from './progress/credits.controller.js';
import { ProgressController } from './progress/progress.controller.js';
import { QuizzesController } from './progress/quizzes.controller.js';
import { EnrollmentController } from './enrollment/enrollment.controller.js';
import { StudyGroupsController } from './study-groups/study-groups.controller.js';
import { OrgsController } from './orgs/orgs.controller.js';
import { RosterImportController } from './roster-import/roster-import.controller.js';
import { TeachersController } from './teachers/teachers.controller.js';
import { PersonalDataReadsController } from './teachers/personal-data-reads.controller.js';
import { InformationCollectionController } from './information-collection/information-collection.controller.js';
import { TransfersController } from './transfers/transfers.controller.js';
import { TrainingProjectsController } from './training-projects/training-projects.controller.js';
import { AdminAccountsController } from './admin-accounts/admin-accounts.controller.js';
import { WorkshopsController } from './workshops/workshops.controller.js';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        AuthModule.forRoot({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}) }),
        HealthModule.forRoot([]),
        serviceClientsModule(config),
      ],
      controllers: [OrgsController, RosterImportController, TeachersController, PersonalDataReadsController, TransfersController, InformationCollectionController, TrainingProjectsController, EnrollmentController, StudyGroupsController, CoursesController, TopicsController, PoliciesController, CourseSelectionController, AdminAccountsController, WorkshopsController, HeartbeatsController, ProgressController, QuizzesController, CreditsController, MetricsController],
      providers: [ServiceClients, ...heartbeatProviders(config)],
    };
  }
}
