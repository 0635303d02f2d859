import { databaseKeys, defineConfig, env, kafkaKeys, oidcKeys } from '@yanxiu/config';
import { storageKeys } from '@yanxiu/storage';
import { z } from 'zod';
import { KEYCLOAK_DEFAULT_TIMEOUTS } from './accounts/keycloak-admin.js';
import { rosterImportKeys } from './roster-import/roster-import.config.js';

const milliseconds = () => z.coerce.number().int().min(1000).max(600_000);

/** Keycloak admin API as the `yanxiu-identity` service account (realm-management manage-users; ADR 0006). */
const keycloakKeys = {
  KEYCLOAK_URL: env.url(),
  KEYCLOAK_REALM: env.nonEmpty().default('yanxiu'),
  KEYCLOAK_IDENTITY_CLIENT_ID: env.nonEmpty().default('yanxiu-identity'),
  KEYCLOAK_IDENTITY_CLIENT_SECRET: env.nonEmpty(),
  /** A request Keycloak doesn't answer within this fails: a hung Keycloak must not hold a correction's or transfer's answer. */
  KEYCLOAK_TIMEOUT_MS: milliseconds().default(KEYCLOAK_DEFAULT_TIMEOUTS.requestMs),
  /** The same for one partialImport of the provisioning job (a chunk of users in one Keycloak transaction). */
  KEYCLOAK_IMPORT_TIMEOUT_MS: milliseconds().default(KEYCLOAK_DEFAULT_TIMEOUTS.importMs),
};

export const identityConfigSchema = defineConfig(
  {
    ...databaseKeys,
    ...kafkaKeys,
    ...oidcKeys,
    HTTP_HOST: env.nonEmpty().default('127.0.0.1'),
    HTTP_PORT: env.port().default(3101),
    GRPC_URL: env.nonEmpty().default('127.0.0.1:50051'),
    LOG_LEVEL: env.logLevel(),
    /** AES-256 key for ID numbers and phones at rest. */
    PERSONAL_DATA_KEY: env.key256(),
    /** HMAC key for the ID-number lookup hash; separate so one leak doesn't give both. */
    PERSONAL_DATA_HASH_KEY: env.key256(),
    ...keycloakKeys,
    // Optional for the service until it provisions accounts itself; the provisioning job requires them.
    KEYCLOAK_URL: keycloakKeys.KEYCLOAK_URL.optional(),
    KEYCLOAK_IDENTITY_CLIENT_SECRET: keycloakKeys.KEYCLOAK_IDENTITY_CLIENT_SECRET.optional(),
    // Excel roster import: uploaded files and error reports in object storage.
    ...storageKeys,
    ...rosterImportKeys,
  },
  ['DB_PASSWORD', 'PERSONAL_DATA_KEY', 'PERSONAL_DATA_HASH_KEY', 'KEYCLOAK_IDENTITY_CLIENT_SECRET', 'S3_SECRET_KEY'],
);

export type IdentityConfig = ReturnType<typeof identityConfigSchema.parse>;

/** The account provisioning job (accounts/provision-accounts.main.ts): database, personal data keys, Keycloak. */
export const provisionAccountsConfigSchema = defineConfig(
  {
    ...databaseKeys,
    LOG_LEVEL: env.logLevel(),
    PERSONAL_DATA_KEY: env.key256(),
    PERSONAL_DATA_HASH_KEY: env.key256(),
    ...keycloakKeys,
  },
  ['DB_PASSWORD', 'PERSONAL_DATA_KEY', 'PERSONAL_DATA_HASH_KEY', 'KEYCLOAK_IDENTITY_CLIENT_SECRET'],
);
