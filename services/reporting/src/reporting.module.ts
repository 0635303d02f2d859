import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@yanxiu/auth';
import { HealthModule, MetricsController } from '@yanxiu/observability';
import type { DataSource } from 'typeorm';
import type { ReportingConfig } from './reporting.config.js';
import { ReportingGrpcController } from './reporting.grpc-controller.js';
import { GetTeacherCountUseCase } from './teacher-counts/get-teacher-count.use-case.js';
import { TeacherCountRepository } from './teacher-counts/teacher-count.repository.js';

@Module({})
export class ReportingModule {
  static forRoot(config: ReportingConfig, dataSource: DataSource): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        AuthModule.forRoot({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}) }),
        HealthModule.forRoot([{ name: 'database', check: () => dataSource.query('SELECT 1') }]),
      ],
      controllers: [ReportingGrpcController, MetricsController],
      providers: [{ provide: GetTeacherCountUseCase, useValue: new GetTeacherCountUseCase(dataSource, new TeacherCountRepository()) }],
    };
  }
}
