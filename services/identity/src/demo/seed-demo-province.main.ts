import { loadConfig } from '@yanxiu/config';
import { createLogger } from '@yanxiu/observability';
import { KeycloakAdmin } from '../accounts/keycloak-admin.js';
import { provisionAccountsConfigSchema } from '../identity.config.js';
import { identityDataSource } from '../identity.data-source.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { DemoProvinceSeed } from './demo-province.js';

/**
 * The demo province of `npm run platform` (DemoProvinceSeed; after seed-demo.main.js). Needs what the
 * provisioning job needs: the database, the personal data keys and Keycloak (the demo teachers' users).
 * Prints the demo's ids, alone, as one JSON object on stdout (the launcher hands them to catalog's and
 * progress's seeds): projectId, studyProjectId, studyTeacherId. Logs go to stderr.
 */
const config = loadConfig('identity-demo-province', provisionAccountsConfigSchema);
const logger = createLogger('identity-demo-province', config.LOG_LEVEL, process.stderr);
const dataSource = await identityDataSource(config, logger).initialize();
try {
  const keycloak = new KeycloakAdmin({ url: config.KEYCLOAK_URL, realm: config.KEYCLOAK_REALM, clientId: config.KEYCLOAK_IDENTITY_CLIENT_ID, clientSecret: config.KEYCLOAK_IDENTITY_CLIENT_SECRET, timeoutMs: config.KEYCLOAK_TIMEOUT_MS, importTimeoutMs: config.KEYCLOAK_IMPORT_TIMEOUT_MS });
  const cipher = new PersonalDataCipher(config.PERSONAL_DATA_KEY, config.PERSONAL_DATA_HASH_KEY);
  const result = await new DemoProvinceSeed(dataSource, cipher, keycloak).run({ teacher: 'teacher-demo', studyTeacher: 'teacher-study-demo' });
  logger.info(result, 'demo province seeded; the enrollment and groups of a project in study stay as they were');
  process.stdout.write(`${JSON.stringify({ projectId: result.project.id, studyProjectId: result.studyProject.id, studyTeacherId: result.studyTeacher.id })}\n`);
} finally {
  await dataSource.destroy();
}
