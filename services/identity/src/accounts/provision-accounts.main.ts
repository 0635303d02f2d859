import { loadConfig } from '@yanxiu/config';
import { createLogger } from '@yanxiu/observability';
import { provisionAccountsConfigSchema } from '../identity.config.js';
import { identityDataSource } from '../identity.data-source.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { AccountRepository } from './account.repository.js';
import { KeycloakAdmin } from './keycloak-admin.js';
import { ProvisionAccountsUseCase } from './provision-accounts.use-case.js';
import { SyncAccountsUseCase } from './sync-accounts.use-case.js';

/**
 * The provisioning job (Kubernetes CronJob / `node services/identity/dist/accounts/provision-accounts.main.js`):
 * every teacher without a Keycloak account gets one, in bulk, and every account that owes a sync (an ID
 * number or name corrected, a transfer, since its user was last written) gets the teacher's current
 * username, unit and name (catching up what Keycloak outages left owed). Safe to re-run. Exit 1 if any teacher failed (they
 * are logged by teacher id, without personal data); the others are kept.
 */
const config = loadConfig('identity-provision-accounts', provisionAccountsConfigSchema);
const logger = createLogger('identity-provision-accounts', config.LOG_LEVEL);
const dataSource = await identityDataSource(config, logger).initialize();
try {
  const keycloak = new KeycloakAdmin({ url: config.KEYCLOAK_URL, realm: config.KEYCLOAK_REALM, clientId: config.KEYCLOAK_IDENTITY_CLIENT_ID, clientSecret: config.KEYCLOAK_IDENTITY_CLIENT_SECRET, timeoutMs: config.KEYCLOAK_TIMEOUT_MS, importTimeoutMs: config.KEYCLOAK_IMPORT_TIMEOUT_MS });
  const cipher = new PersonalDataCipher(config.PERSONAL_DATA_KEY, config.PERSONAL_DATA_HASH_KEY);
  const accounts = new AccountRepository();
  let started = Date.now();
  const provisioned = await new ProvisionAccountsUseCase(dataSource, accounts, keycloak, cipher).execute();
  logger.info({ created: provisioned.created, existing: provisioned.existing, failed: provisioned.failed.length, ms: Date.now() - started }, 'provisioned teacher accounts');
  started = Date.now();
  const synced = await new SyncAccountsUseCase(dataSource, accounts, keycloak, cipher).execute();
  logger.info({ updated: synced.updated, alreadyInSync: synced.alreadyInSync, failed: synced.failed.length, ms: Date.now() - started }, 'synced accounts with corrections and transfers');
  for (const f of provisioned.failed) logger.error({ teacherId: f.teacherId, reason: f.reason }, 'teacher account not provisioned');
  for (const f of synced.failed) logger.error({ teacherId: f.teacherId, reason: f.reason }, 'teacher account not synced');
  if (provisioned.failed.length > 0 || synced.failed.length > 0) process.exitCode = 1;
} finally {
  await dataSource.destroy();
}
