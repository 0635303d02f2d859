import { createDataSource } from '@yanxiu/database';
import { CreateInbox1795462800001, CreateOutbox1795462800000 } from '@yanxiu/messaging';
import type { Logger } from '@yanxiu/observability';
import { CreateOrgsAndTeachers1795500000000 } from './migrations/1795500000000-CreateOrgsAndTeachers.js';
import { CreateAccounts1795700000000 } from './migrations/1795700000000-CreateAccounts.js';
import { CreateTeacherTransfers1795600000000 } from './migrations/1795600000000-CreateTeacherTransfers.js';
import { CreateTrainingProjectsAndEnrollment1795900000000 } from './migrations/1795900000000-CreateTrainingProjectsAndEnrollment.js';
import { CreateRosterImports1795800000000 } from './migrations/1795800000000-CreateRosterImports.js';
import { CreateStudyGroups1796000000000 } from './migrations/1796000000000-CreateStudyGroups.js';
import { CreateRosterReadsAndInformationCollection1796100000000 } from './migrations/1796100000000-CreateRosterReadsAndInformationCollection.js';
import { CreateAdminAccountsAndWorkshops1796200000000 } from './migrations/1796200000000-CreateAdminAccountsAndWorkshops.js';
import { AddTeacherAccountUsernameHash1796300000100 } from './migrations/1796300000100-AddTeacherAccountUsernameHash.js';
import { AddTeacherAccountProfileHash1796300000200 } from './migrations/1796300000200-AddTeacherAccountProfileHash.js';

export const identityMigrations = [CreateOutbox1795462800000, CreateInbox1795462800001, CreateOrgsAndTeachers1795500000000, CreateTeacherTransfers1795600000000, CreateAccounts1795700000000, CreateTrainingProjectsAndEnrollment1795900000000, CreateStudyGroups1796000000000, CreateRosterImports1795800000000, CreateRosterReadsAndInformationCollection1796100000000, CreateAdminAccountsAndWorkshops1796200000000, AddTeacherAccountUsernameHash1796300000100, AddTeacherAccountProfileHash1796300000200];

export function identityDataSource(config: { DB_HOST: string; DB_PORT: number; DB_USER: string; DB_PASSWORD: string; DB_NAME: string }, logger?: Logger) {
  return createDataSource({
    host: config.DB_HOST,
    port: config.DB_PORT,
    username: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
    migrations: identityMigrations,
    ...(logger ? { logger } : {}),
  });
}
