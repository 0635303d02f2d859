import { loadConfig } from '@yanxiu/config';
import { createLogger } from '@yanxiu/observability';
import { identityConfigSchema } from '../identity.config.js';
import { identityDataSource } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { OrgRepository } from '../orgs/org.repository.js';

/**
 * The org roots operations create once per province: Shandong and its 16 cities. Repeatable.
 * Counties, schools and teachers are then created through the API by the admins (or the generator).
 */
const SHANDONG_CITIES: [string, string][] = [
  ['3701', '济南市'], ['3702', '青岛市'], ['3703', '淄博市'], ['3704', '枣庄市'], ['3705', '东营市'], ['3706', '烟台市'],
  ['3707', '潍坊市'], ['3708', '济宁市'], ['3709', '泰安市'], ['3710', '威海市'], ['3711', '日照市'], ['3713', '临沂市'],
  ['3714', '德州市'], ['3715', '聊城市'], ['3716', '滨州市'], ['3717', '菏泽市'],
];

const config = loadConfig('identity-seed', identityConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('identity-seed', config.LOG_LEVEL);
const dataSource = await identityDataSource(config, logger).initialize();
const seeded = await new CreateOrgUseCase(dataSource, new OrgRepository()).seed([
  { code: '37', name: '山东省', level: 'province', parentPath: null },
  ...SHANDONG_CITIES.map(([code, name]) => ({ code, name, level: 'city' as const, parentPath: '/37' })),
]);
logger.info({ orgs: seeded.map((o) => ({ id: o.id, path: o.path, name: o.name })) }, 'seeded province and cities');
await dataSource.destroy();
