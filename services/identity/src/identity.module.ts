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
import { LookupDepartedTeacherUseCase } from './transfers/lookup-departed-teacher.use-case.js';
import { MoveTeacherEnrollments } from './transfers/move-enrollments.js';
import { RosterImportGrpcController } from './roster-import/roster-import.grpc-controller.js';
import { rosterImportProviders } from './roster-import/roster-import.providers.js';
import { OrgTreeGrpcController } from './orgs/org-tree.controller.js';
import { ListOrgChildrenUseCase, SearchOrgsUseCase } from './orgs/org-tree.use-case.js';
import { ListTeachersUseCase } from './teachers/list-teachers.use-case.js';
import { PersonalDataReadRepository } from './teachers/personal-data-read.repository.js';
import { ListPersonalDataReadsUseCase, RevealTeacherPersonalDataUseCase } from './teachers/personal-data.use-case.js';
import { RetireTeacherUseCase } from './teachers/retire-teacher.use-case.js';
import { RosterGrpcController } from './teachers/roster.controller.js';
import { RosterRepository } from './teachers/roster.repository.js';
import { UpdateTeacherUseCase } from './teachers/update-teacher.use-case.js';
import { CloseCampaignUseCase, GetCampaignUseCase, ListCampaignsUseCase, OpenCampaignUseCase } from './information-collection/campaign.use-case.js';
import { CampaignRepository } from './information-collection/campaign.repository.js';
import { GetCompletenessUseCase, ListCampaignTeachersUseCase } from './information-collection/completeness.use-case.js';
import { InformationCollectionGrpcController } from './information-collection/information-collection.controller.js';
import { VerifyCampaignTeacherUseCase } from './information-collection/verify-teacher.use-case.js';
import { ConfirmEnrollmentUseCase, ListMyEnrollmentsUseCase } from './enrollment/confirm-enrollment.use-case.js';
import { ChangeEnrollmentUseCase, EnrollTeachersUseCase } from './enrollment/enroll-teachers.use-case.js';
import { MoveEnrollmentUnitUseCase, OpenEnrollmentUseCase } from './enrollment/enrollment-cascade.use-case.js';
import { EnrollmentGrpcController } from './enrollment/enrollment.grpc-controller.js';
import { EnrollmentRepository } from './enrollment/enrollment.repository.js';
import { GetEnrollmentProgressUseCase, ListEnrollmentsUseCase } from './enrollment/list-enrollments.use-case.js';
import { GetTrainingProjectUseCase, ListTrainingProjectsUseCase } from './training-projects/list-training-projects.use-case.js';
import { CreateTrainingProjectUseCase, UpdateTrainingProjectUseCase } from './training-projects/save-training-project.use-case.js';
import { TrainingProjectRepository } from './training-projects/training-project.repository.js';
import { TrainingProjectsGrpcController } from './training-projects/training-projects.grpc-controller.js';
import { KeycloakAdmin } from './accounts/keycloak-admin.js';
import { AccountRepository } from './accounts/account.repository.js';
import { SyncAccountsUseCase } from './accounts/sync-accounts.use-case.js';
import { AdminAccountController } from './admin-accounts/admin-account.controller.js';
import { AdminAccountRepository } from './admin-accounts/admin-account.repository.js';
import { CreateAdminAccountUseCase, ListAdminAccountsUseCase, ResetAdminPasswordUseCase } from './admin-accounts/admin-account.use-case.js';
import { WorkshopController } from './workshops/workshop.controller.js';
import { WorkshopRepository } from './workshops/workshop.repository.js';
import {
  CreateWorkshopUseCase,
  GetWorkshopUseCase,
  ListMyWorkshopsUseCase,
  ListWorkshopMembersUseCase,
  ListWorkshopsUseCase,
  ReplaceWorkshopHostsUseCase,
} from './workshops/workshop.use-case.js';
import { FormStudyGroupsUseCase } from './study-groups/form-study-groups.use-case.js';
import { StudyGroupOverridesUseCase } from './study-groups/study-group-overrides.use-case.js';
import { StudyGroupQueriesUseCase } from './study-groups/study-group-queries.use-case.js';
import { StudyGroupRepository } from './study-groups/study-group.repository.js';
import { StudyGroupsGrpcController } from './study-groups/study-groups.grpc-controller.js';
import { LeaveStudyGroups } from './study-groups/leave-study-groups.js';
import { SetTutorTeamHeadUseCase } from './study-groups/tutor-team-head.use-case.js';

@Module({})
export class IdentityModule {
  /** Wires the use cases by hand: they are plain classes, testable without Nest. */
  static forRoot(config: IdentityConfig, dataSource: DataSource): DynamicModule {
    const orgs = new OrgRepository();
    const teachers = new TeacherRepository();
    const transfers = new TransferRepository();
    const cipher = new PersonalDataCipher(config.PERSONAL_DATA_KEY, config.PERSONAL_DATA_HASH_KEY);
    const projects = new TrainingProjectRepository();
    const enrollment = new EnrollmentRepository();
    const roster = new RosterRepository();
    const personalDataReads = new PersonalDataReadRepository();
    const campaigns = new CampaignRepository();
    const admins = new AdminAccountRepository();
    const workshops = new WorkshopRepository();
    const studyGroups = new StudyGroupRepository();
    // Admin accounts need Keycloak; without it configured they answer UNAVAILABLE and the rest runs.
    const keycloak =
      config.KEYCLOAK_URL && config.KEYCLOAK_IDENTITY_CLIENT_SECRET
        ? new KeycloakAdmin({ url: config.KEYCLOAK_URL, realm: config.KEYCLOAK_REALM, clientId: config.KEYCLOAK_IDENTITY_CLIENT_ID, clientSecret: config.KEYCLOAK_IDENTITY_CLIENT_SECRET, timeoutMs: config.KEYCLOAK_TIMEOUT_MS, importTimeoutMs: config.KEYCLOAK_IMPORT_TIMEOUT_MS })
        : null;
    // Corrections and transfers sync the teacher's Keycloak user right after they commit (ADR 0016).
    const accountSync = keycloak && new SyncAccountsUseCase(dataSource, new AccountRepository(), keycloak, cipher);
    return {
      module: IdentityModule,
      imports: [
        AuthModule.forRoot({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}) }),
        HealthModule.forRoot([{ name: 'database', check: () => dataSource.query('SELECT 1') }]),
      ],
      controllers: [IdentityGrpcController, TrainingProjectsGrpcController, EnrollmentGrpcController, OrgTreeGrpcController, RosterGrpcController, InformationCollectionGrpcController, RosterImportGrpcController, AdminAccountController, WorkshopController, StudyGroupsGrpcController, MetricsController],
      providers: [
        { provide: CreateOrgUseCase, useValue: new CreateOrgUseCase(dataSource, orgs) },
        { provide: GetOrgUseCase, useValue: new GetOrgUseCase(dataSource, orgs) },
        { provide: CreateTeacherUseCase, useValue: new CreateTeacherUseCase(dataSource, orgs, teachers, cipher) },
        { provide: GetTeacherUseCase, useValue: new GetTeacherUseCase(dataSource, teachers, cipher) },
        { provide: DepartTeacherUseCase, useValue: new DepartTeacherUseCase(dataSource, teachers, transfers) },
        {
          provide: TransferTeacherUseCase,
          useValue: new TransferTeacherUseCase(dataSource, orgs, teachers, transfers, new MoveTeacherEnrollments(projects, enrollment, new LeaveStudyGroups(studyGroups)), undefined, accountSync),
        },
        { provide: GetTeacherTransfersUseCase, useValue: new GetTeacherTransfersUseCase(dataSource, teachers, transfers) },
        { provide: LookupDepartedTeacherUseCase, useValue: new LookupDepartedTeacherUseCase(dataSource, teachers, personalDataReads, cipher) },
        // training projects and enrollment
        { provide: CreateTrainingProjectUseCase, useValue: new CreateTrainingProjectUseCase(dataSource, orgs, projects) },
        { provide: UpdateTrainingProjectUseCase, useValue: new UpdateTrainingProjectUseCase(dataSource, projects, enrollment) },
        { provide: GetTrainingProjectUseCase, useValue: new GetTrainingProjectUseCase(dataSource, projects) },
        { provide: ListTrainingProjectsUseCase, useValue: new ListTrainingProjectsUseCase(dataSource, projects) },
        { provide: OpenEnrollmentUseCase, useValue: new OpenEnrollmentUseCase(dataSource, orgs, projects, enrollment) },
        { provide: MoveEnrollmentUnitUseCase, useValue: new MoveEnrollmentUnitUseCase(dataSource, orgs, projects, enrollment) },
        { provide: EnrollTeachersUseCase, useValue: new EnrollTeachersUseCase(dataSource, orgs, projects, enrollment) },
        { provide: ChangeEnrollmentUseCase, useValue: new ChangeEnrollmentUseCase(dataSource, projects, enrollment) },
        { provide: ConfirmEnrollmentUseCase, useValue: new ConfirmEnrollmentUseCase(dataSource, projects, enrollment, cipher) },
        { provide: ListEnrollmentsUseCase, useValue: new ListEnrollmentsUseCase(dataSource, orgs, projects, enrollment) },
        { provide: GetEnrollmentProgressUseCase, useValue: new GetEnrollmentProgressUseCase(dataSource, orgs, projects, enrollment) },
        { provide: ListMyEnrollmentsUseCase, useValue: new ListMyEnrollmentsUseCase(dataSource, enrollment, cipher) },
        // org tree and roster reads, corrections, retirement, audited reveal
        { provide: ListOrgChildrenUseCase, useValue: new ListOrgChildrenUseCase(dataSource, orgs) },
        { provide: SearchOrgsUseCase, useValue: new SearchOrgsUseCase(dataSource, orgs) },
        { provide: ListTeachersUseCase, useValue: new ListTeachersUseCase(dataSource, orgs, roster, cipher) },
        { provide: UpdateTeacherUseCase, useValue: new UpdateTeacherUseCase(dataSource, roster, cipher, accountSync) },
        { provide: RetireTeacherUseCase, useValue: new RetireTeacherUseCase(dataSource, teachers, transfers) },
        { provide: RevealTeacherPersonalDataUseCase, useValue: new RevealTeacherPersonalDataUseCase(dataSource, teachers, personalDataReads, cipher) },
        { provide: ListPersonalDataReadsUseCase, useValue: new ListPersonalDataReadsUseCase(dataSource, teachers, personalDataReads) },
        // information collection (信息采集)
        { provide: OpenCampaignUseCase, useValue: new OpenCampaignUseCase(dataSource, orgs, campaigns) },
        { provide: CloseCampaignUseCase, useValue: new CloseCampaignUseCase(dataSource, campaigns) },
        { provide: GetCampaignUseCase, useValue: new GetCampaignUseCase(dataSource, campaigns) },
        { provide: ListCampaignsUseCase, useValue: new ListCampaignsUseCase(dataSource, campaigns) },
        { provide: VerifyCampaignTeacherUseCase, useValue: new VerifyCampaignTeacherUseCase(dataSource, campaigns, transfers) },
        { provide: GetCompletenessUseCase, useValue: new GetCompletenessUseCase(dataSource, orgs, campaigns) },
        { provide: ListCampaignTeachersUseCase, useValue: new ListCampaignTeachersUseCase(dataSource, orgs, campaigns) },
        // admin accounts (管理员)
        { provide: CreateAdminAccountUseCase, useValue: new CreateAdminAccountUseCase(dataSource, orgs, admins, keycloak, cipher) },
        { provide: ListAdminAccountsUseCase, useValue: new ListAdminAccountsUseCase(dataSource, orgs, admins) },
        { provide: ResetAdminPasswordUseCase, useValue: new ResetAdminPasswordUseCase(dataSource, orgs, admins, keycloak) },
        // workshops (工作坊)
        { provide: CreateWorkshopUseCase, useValue: new CreateWorkshopUseCase(dataSource, orgs, projects, enrollment, workshops) },
        { provide: GetWorkshopUseCase, useValue: new GetWorkshopUseCase(dataSource, enrollment, workshops, cipher) },
        { provide: ListWorkshopsUseCase, useValue: new ListWorkshopsUseCase(dataSource, orgs, workshops) },
        { provide: ReplaceWorkshopHostsUseCase, useValue: new ReplaceWorkshopHostsUseCase(dataSource, projects, enrollment, workshops) },
        { provide: ListWorkshopMembersUseCase, useValue: new ListWorkshopMembersUseCase(dataSource, enrollment, workshops, cipher) },
        { provide: ListMyWorkshopsUseCase, useValue: new ListMyWorkshopsUseCase(dataSource, enrollment, workshops, cipher) },
        // study groups and tutors (研修组, 指导教师)
        { provide: FormStudyGroupsUseCase, useValue: new FormStudyGroupsUseCase(dataSource, orgs, projects, enrollment, studyGroups) },
        { provide: StudyGroupOverridesUseCase, useValue: new StudyGroupOverridesUseCase(dataSource, projects, enrollment, studyGroups) },
        { provide: StudyGroupQueriesUseCase, useValue: new StudyGroupQueriesUseCase(dataSource, orgs, projects, enrollment, studyGroups, cipher) },
        { provide: SetTutorTeamHeadUseCase, useValue: new SetTutorTeamHeadUseCase(dataSource, orgs, projects, enrollment, studyGroups) },
        // Excel roster import (花名册导入) and its background runner
        ...rosterImportProviders(config, dataSource, { orgs, teachers, cipher }),
      ],
    };
  }
}
