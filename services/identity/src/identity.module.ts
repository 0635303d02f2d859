import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@yanxiu/auth';
import { HealthModule, MetricsController } from '@yanxiu/observability';
import type { DataSource } from 'typeorm';
import type { IdentityConfig } from './identity.config.js';
import { IdentityGrpcController } from './identity.grpc-controller.js';
import { CreateOrgUseCase, GetOrgUseCase } from './orgs/create-org.use-case.js';
import { OrgRepository } from './orgs/org.repository.js';
import { CreateTeacherUseCase, GetTeacherUseCase } from './teachers/create-teacher.use-case.js';
import { PersonalDataCipher } from './teachers/personal-data-cipher.js';
import { TeacherRepository } from './teachers/teacher.repository.js';
import { DepartTeacherUseCase, GetTeacherTransfersUseCase, TransferTeacherUseCase } from './transfers/transfer-teacher.use-case.js';
import { TransferRepository } from './transfers/transfer.repository.js';

@Module({})
export class IdentityModule {
  /** Wires the use cases by hand: they are plain classes, testable without Nest. */
  static forRoot(config: IdentityConfig, dataSource: DataSource): DynamicModule {
    const orgs = new OrgRepository();
    const teachers = new TeacherRepository();
    const transfers = new TransferRepository();
    const cipher = new PersonalDataCipher(config.PERSONAL_DATA_KEY, config.PERSONAL_DATA_HASH_KEY);
    return {
      module: IdentityModule,
      imports: [
        AuthModule.forRoot({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}) }),
        HealthModule.forRoot([{ name: 'database', check: () => dataSource.query('SELECT 1') }]),
      ],
      controllers: [IdentityGrpcController, MetricsController],
      providers: [
        { provide: CreateOrgUseCase, useValue: new CreateOrgUseCase(dataSource, orgs) },
        { provide: GetOrgUseCase, useValue: new GetOrgUseCase(dataSource, orgs) },
        { provide: CreateTeacherUseCase, useValue: new CreateTeacherUseCase(dataSource, orgs, teachers, cipher) },
        { provide: GetTeacherUseCase, useValue: new GetTeacherUseCase(dataSource, teachers) },
        { provide: DepartTeacherUseCase, useValue: new DepartTeacherUseCase(dataSource, teachers, transfers) },
        { provide: TransferTeacherUseCase, useValue: new TransferTeacherUseCase(dataSource, orgs, teachers, transfers) },
        { provide: GetTeacherTransfersUseCase, useValue: new GetTeacherTransfersUseCase(dataSource, teachers, transfers) },
      ],
    };
  }
}
