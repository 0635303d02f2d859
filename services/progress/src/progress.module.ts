import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@yanxiu/auth';
import { HealthModule, MetricsController } from '@yanxiu/observability';
import type { DataSource } from 'typeorm';
import { GetMyProgressUseCase } from './completion/get-my-progress.use-case.js';
import { ListOrgProgressUseCase } from './completion/list-org-progress.use-case.js';
import { ProgressEvaluator } from './completion/progress-evaluator.js';
import { ProgressRepository } from './completion/progress.repository.js';
import { SaveCourseRulesUseCase } from './completion/save-course-rules.use-case.js';
import { CreditRepository } from './credits/credit.repository.js';
import { GetCreditSummaryUseCase, RegisterSchoolBasedHoursUseCase, SaveCertificationCycleUseCase } from './credits/credit.use-cases.js';
import { FactsRepository } from './facts/facts.repository.js';
import { GroupProgressUseCases } from './groups/group-progress.use-cases.js';
import type { ProgressConfig } from './progress.config.js';
import { ProgressGrpcController } from './progress.grpc-controller.js';
import { ConfirmRoleDutyUseCase } from './qualification/confirm-role-duty.use-case.js';
import { ListQualificationStandardsUseCase, SaveQualificationStandardUseCase } from './qualification/qualification-standards.use-cases.js';
import { QuizRepository } from './quizzes/quiz.repository.js';
import { GetQuizUseCase, SaveQuizUseCase, SubmitQuizAttemptUseCase } from './quizzes/quiz.use-cases.js';
import { GetMyWatchingUseCase } from './watching/get-my-watching.use-case.js';
import { WatchStateRepository } from './watching/watch-state.repository.js';

/** The query and command API (gRPC for the gateway); the stream work runs in consumer.main. Wired by hand. */
@Module({})
export class ProgressModule {
  static forRoot(config: ProgressConfig, dataSource: DataSource): DynamicModule {
    const states = new WatchStateRepository();
    const progress = new ProgressRepository();
    const credits = new CreditRepository();
    const facts = new FactsRepository();
    const quizzes = new QuizRepository();
    const evaluator = new ProgressEvaluator(states, progress, credits);
    return {
      module: ProgressModule,
      imports: [
        AuthModule.forRoot({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}) }),
        HealthModule.forRoot([{ name: 'database', check: () => dataSource.query('SELECT 1') }]),
      ],
      controllers: [ProgressGrpcController, MetricsController],
      providers: [
        { provide: GetMyProgressUseCase, useValue: new GetMyProgressUseCase(dataSource, facts, progress, states, credits) },
        { provide: GetMyWatchingUseCase, useValue: new GetMyWatchingUseCase(dataSource, states) },
        { provide: ListOrgProgressUseCase, useValue: new ListOrgProgressUseCase(dataSource) },
        { provide: SaveCourseRulesUseCase, useValue: new SaveCourseRulesUseCase(dataSource, facts) },
        { provide: SaveQuizUseCase, useValue: new SaveQuizUseCase(dataSource, quizzes, facts) },
        { provide: GetQuizUseCase, useValue: new GetQuizUseCase(dataSource, quizzes) },
        { provide: SubmitQuizAttemptUseCase, useValue: new SubmitQuizAttemptUseCase(dataSource, quizzes, states, evaluator) },
        { provide: RegisterSchoolBasedHoursUseCase, useValue: new RegisterSchoolBasedHoursUseCase(dataSource, credits) },
        { provide: GetCreditSummaryUseCase, useValue: new GetCreditSummaryUseCase(dataSource, credits) },
        { provide: SaveCertificationCycleUseCase, useValue: new SaveCertificationCycleUseCase(dataSource, credits) },
        { provide: GroupProgressUseCases, useValue: new GroupProgressUseCases(dataSource, facts) },
        { provide: ListQualificationStandardsUseCase, useValue: new ListQualificationStandardsUseCase(dataSource, progress) },
        { provide: SaveQualificationStandardUseCase, useValue: new SaveQualificationStandardUseCase(dataSource, progress, facts) },
        { provide: ConfirmRoleDutyUseCase, useValue: new ConfirmRoleDutyUseCase(dataSource, facts, progress, states, evaluator) },
      ],
    };
  }
}
