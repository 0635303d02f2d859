import { loadConfig } from '@yanxiu/config';
import { createLogger } from '@yanxiu/observability';
import { provisionAccountsConfigSchema } from '../identity.config.js';
import { identityDataSource } from '../identity.data-source.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { AccountRepository } from './account.repository.js';
import { KeycloakAdmin } from './keycloak-admin.js';
import { ProvisionAccountsUseCase } from './provision-accounts.use-case.js';
import { RenameAccountsUseCase } from './rename-accounts.use-case.js';

/**
 * The provisioning job (Kubernetes CronJob / `node services/identity/dist/accounts/provision-accounts.main.js`):
 * every teacher without a Keycloak account gets one, in bulk, and every account whose username is an
 * ID number corrected since gets the current one. Safe to re-run. Exit 1 if any teacher failed (they
 * are logged by teacher id, without personal data); the others are kept.
 */
const config = loadConfig('identity-provision-accounts', provisionAccountsConfigSchema);
const logger = createLogger('identity-provision-accounts', config.LOG_LEVEL);
const dataSource = await identityDataSource(config, logger).initialize();
try {
  const keycloak = new KeycloakAdmin({ url: config.KEYCLOAK_URL, realm: config.KEYCLOAK_REALM, clientId: config.KEYCLOAK_IDENTITY_CLIENT_ID, clientSecret: config.KEYCLOAK_IDENTITY_CLIENT_SECRET });
  const cipher = new PersonalDataCipher(config.PERSONAL_DATA_KEY, config.PERSONAL_DATA_HASH_KEY);
  const accounts = new AccountRepository();
  let started = Date.now();
  const provisioned = await new ProvisionAccountsUseCase(dataSource, accounts, keycloak, cipher).execute();
  logger.info({ created: provisioned.created, existing: provisioned.existing, failed: provisioned.failed.length, ms: Date.now() - started }, 'provisioned teacher accounts');
  started = Date.now();
  const renamed = await new RenameAccountsUseCase(dataSource, accounts, keycloak, cipher).execute();
  logger.info({ renamed: renamed.renamed, alreadyRenamed: renamed.alreadyRenamed, failed: renamed.failed.length, ms: Date.now() - started }, 'renamed accounts of corrected ID numbers');
  for (const f of provisioned.failed) logger.error({ teacherId: f.teacherId, reason: f.reason }, 'teacher account not provisioned');
  for (const f of renamed.failed) logger.error({ teacherId: f.teacherId, reason: f.reason }, 'teacher account not renamed');
  if (provisioned.failed.length > 0 || renamed.failed.length > 0) process.exitCode = 1;
} finally {
  await dataSource.destroy();
}
