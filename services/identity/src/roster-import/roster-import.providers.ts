import type { Provider } from '@nestjs/common';
import { createObjectStorage } from '@yanxiu/storage';
import type { DataSource } from 'typeorm';
import type { IdentityConfig } from '../identity.config.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import type { TeacherRepository } from '../teachers/teacher.repository.js';
import { CreateRosterImportUseCase, StartRosterImportUseCase } from './create-roster-import.use-case.js';
import { rosterImportSettings } from './roster-import.config.js';
import { RosterImportRunner } from './roster-import-runner.js';
import { RosterImportRepository } from './roster-import.repository.js';
import {
  GetRosterImportErrorReportUseCase,
  GetRosterImportTemplateUseCase,
  GetRosterImportUseCase,
  ListRosterImportErrorsUseCase,
  ListRosterImportsUseCase,
} from './read-roster-imports.use-case.js';
import { RunRosterImportUseCase } from './run-roster-import.use-case.js';

/** The roster import's use cases and its background runner, wired by hand like the rest of identity. */
export function rosterImportProviders(config: IdentityConfig, dataSource: DataSource, shared: { orgs: OrgRepository; teachers: TeacherRepository; cipher: PersonalDataCipher }): Provider[] {
  const { orgs, teachers, cipher } = shared;
  const settings = rosterImportSettings(config);
  const storage = createObjectStorage({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY,
    secretAccessKey: config.S3_SECRET_KEY,
    forcePathStyle: true,
    ...(config.S3_PUBLIC_ENDPOINT ? { publicEndpoint: config.S3_PUBLIC_ENDPOINT } : {}),
  });
  const jobs = new RosterImportRepository();
  const run = new RunRosterImportUseCase(dataSource, jobs, orgs, teachers, cipher, storage, settings);
  const runner = new RosterImportRunner(dataSource, jobs, run, { workers: config.ROSTER_IMPORT_WORKERS, leaseSeconds: settings.leaseSeconds, pollMs: 2000 });
  return [
    { provide: RosterImportRunner, useValue: runner },
    { provide: GetRosterImportTemplateUseCase, useValue: new GetRosterImportTemplateUseCase() },
    { provide: CreateRosterImportUseCase, useValue: new CreateRosterImportUseCase(dataSource, orgs, jobs, storage, settings) },
    { provide: StartRosterImportUseCase, useValue: new StartRosterImportUseCase(dataSource, jobs, storage, runner, settings) },
    { provide: GetRosterImportUseCase, useValue: new GetRosterImportUseCase(dataSource, jobs) },
    { provide: ListRosterImportsUseCase, useValue: new ListRosterImportsUseCase(dataSource, orgs, jobs) },
    { provide: ListRosterImportErrorsUseCase, useValue: new ListRosterImportErrorsUseCase(dataSource, jobs) },
    { provide: GetRosterImportErrorReportUseCase, useValue: new GetRosterImportErrorReportUseCase(dataSource, jobs, storage, settings) },
  ];
}
