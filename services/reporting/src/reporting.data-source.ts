import { createDataSource } from '@yanxiu/database';
import { CreateInbox1795462800001 } from '@yanxiu/messaging';
import type { Logger } from '@yanxiu/observability';
import { CreateTeacherCounts1795500000000 } from './migrations/1795500000000-CreateTeacherCounts.js';
import { TrackCountedTeacherState1795600000000 } from './migrations/1795600000000-TrackCountedTeacherState.js';

export const reportingMigrations = [CreateInbox1795462800001, CreateTeacherCounts1795500000000, TrackCountedTeacherState1795600000000];

export function reportingDataSource(config: { DB_HOST: string; DB_PORT: number; DB_USER: string; DB_PASSWORD: string; DB_NAME: string }, logger?: Logger) {
  return createDataSource({
    host: config.DB_HOST,
    port: config.DB_PORT,
    username: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
    migrations: reportingMigrations,
    ...(logger ? { logger } : {}),
  });
}
