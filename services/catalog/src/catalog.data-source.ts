import { createDataSource } from '@yanxiu/database';
import { CreateInbox1795462800001, CreateOutbox1795462800000 } from '@yanxiu/messaging';
import type { Logger } from '@yanxiu/observability';
import { CreateCatalog1796500000000 } from './migrations/1796500000000-CreateCatalog.js';
import { TrackStudyGroupLevels1796500000001 } from './migrations/1796500000001-TrackStudyGroupLevels.js';
import { VersionCountedCourses1796500000100 } from './migrations/1796500000100-VersionCountedCourses.js';
import { MarkFinalCountedLists1797000000200 } from './migrations/1797000000200-MarkFinalCountedLists.js';

export const catalogMigrations = [
  CreateOutbox1795462800000,
  CreateInbox1795462800001,
  CreateCatalog1796500000000,
  TrackStudyGroupLevels1796500000001,
  VersionCountedCourses1796500000100,
  MarkFinalCountedLists1797000000200,
];

export function catalogDataSource(config: { DB_HOST: string; DB_PORT: number; DB_USER: string; DB_PASSWORD: string; DB_NAME: string }, logger?: Logger) {
  return createDataSource({
    host: config.DB_HOST,
    port: config.DB_PORT,
    username: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
    migrations: catalogMigrations,
    ...(logger ? { logger } : {}),
  });
}
