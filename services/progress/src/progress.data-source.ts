import { createDataSource } from '@yanxiu/database';
import { CreateInbox1795462800001, CreateOutbox1795462800000 } from '@yanxiu/messaging';
import type { Logger } from '@yanxiu/observability';
import { CreateWatchStates1796800000000 } from './migrations/1796800000000-CreateWatchStates.js';
import { CreateProgressAndCredits1796800000001 } from './migrations/1796800000001-CreateProgressAndCredits.js';
import { TrackStudyGroupsAndRoleStandards1796800000100 } from './migrations/1796800000100-TrackStudyGroupsAndRoleStandards.js';
import { VersionCountedSelections1797000000100 } from './migrations/1797000000100-VersionCountedSelections.js';

export const progressMigrations = [
  CreateOutbox1795462800000,
  CreateInbox1795462800001,
  CreateWatchStates1796800000000,
  CreateProgressAndCredits1796800000001,
  TrackStudyGroupsAndRoleStandards1796800000100,
  VersionCountedSelections1797000000100,
];

export function progressDataSource(config: { DB_HOST: string; DB_PORT: number; DB_USER: string; DB_PASSWORD: string; DB_NAME: string }, logger?: Logger) {
  return createDataSource({
    host: config.DB_HOST,
    port: config.DB_PORT,
    username: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
    migrations: progressMigrations,
    ...(logger ? { logger } : {}),
  });
}
