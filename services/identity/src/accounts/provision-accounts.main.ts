import { loadConfig } from '@yanxiu/config';
import { createLogger } from '@yanxiu/observability';
import { provisionAccountsConfigSchema } from '../identity.config.js';
import { identityDataSource } from '../identity.data-source.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { AccountRepository } from './account.repository.js';
import { KeycloakAdmin } from './keycloak-admin.js';
import { ProvisionAccountsUseCase } from './provision-accounts.use-case.js';

/**
 * The provisioning job (Kubernetes Job / `node services/identity/dist/accounts/provision-accounts.main.js`):
 * every teacher without a Keycloak account gets one, in bulk. Safe to re-run. Exit 1 if any
 * teacher failed (they are logged by teacher id, without personal data); the others are kept.
 */
const config = loadConfig('identity-provision-accounts', provisionAccountsConfigSchema);
const logger = createLogger('identity-provision-accounts', config.LOG_LEVEL);
const dataSource = await identityDataSource(config, logger).initialize();
try {
  const keycloak = new KeycloakAdmin({ url: config.KEYCLOAK_URL, realm: config.KEYCLOAK_REALM, clientId: config.KEYCLOAK_IDENTITY_CLIENT_ID, clientSecret: config.KEYCLOAK_IDENTITY_CLIENT_SECRET });
  const cipher = new PersonalDataCipher(config.PERSONAL_DATA_KEY, config.PERSONAL_DATA_HASH_KEY);
  const started = Date.now();
  const result = await new ProvisionAccountsUseCase(dataSource, new AccountRepository(), keycloak, cipher).execute();
  logger.info({ created: result.created, existing: result.existing, failed: result.failed.length, ms: Date.now() - started }, 'provisioned teacher accounts');
  for (const f of result.failed) logger.error({ teacherId: f.teacherId, reason: f.reason }, 'teacher account not provisioned');
  if (result.failed.length > 0) process.exitCode = 1;
} finally {
  await dataSource.destroy();
}
