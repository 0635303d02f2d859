import { env } from '@yanxiu/config';
import { z } from 'zod';
import type { RosterImportSettings } from './roster-import.settings.js';

const MiB = 2 ** 20;

/** Environment keys of the roster import (spread into identity's config with @yanxiu/storage's storageKeys). */
export const rosterImportKeys = {
  /** Uploaded rosters and error reports, under roster-imports/; give the prefix a lifecycle rule (e.g. 30 days). */
  ROSTER_IMPORT_BUCKET: env.nonEmpty().default('yanxiu-exports'),
  ROSTER_IMPORT_MAX_BYTES: z.coerce.number().int().min(1).default(64 * MiB),
  /** A city's roster (~100 k teachers) fits; a province imports city by city. */
  ROSTER_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(200_000),
  ROSTER_IMPORT_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(1000),
  /** Imports this process runs at once; 0 leaves them to other replicas. */
  ROSTER_IMPORT_WORKERS: z.coerce.number().int().min(0).max(8).default(1),
  ROSTER_IMPORT_LEASE_SECONDS: z.coerce.number().int().min(10).default(60),
};

export function rosterImportSettings(config: { ROSTER_IMPORT_BUCKET: string; ROSTER_IMPORT_MAX_BYTES: number; ROSTER_IMPORT_MAX_ROWS: number; ROSTER_IMPORT_BATCH_SIZE: number; ROSTER_IMPORT_LEASE_SECONDS: number }): RosterImportSettings {
  return {
    bucket: config.ROSTER_IMPORT_BUCKET,
    maxBytes: config.ROSTER_IMPORT_MAX_BYTES,
    maxRows: config.ROSTER_IMPORT_MAX_ROWS,
    batchSize: config.ROSTER_IMPORT_BATCH_SIZE,
    leaseSeconds: config.ROSTER_IMPORT_LEASE_SECONDS,
    maxAttempts: 5,
    urlExpirySeconds: 15 * 60,
  };
}
