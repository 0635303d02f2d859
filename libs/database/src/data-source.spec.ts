import { dataSourceOptions, type CreateDataSourceOptions } from './data-source.js';

const base: CreateDataSourceOptions = { host: 'db', port: 3306, username: 'u', password: 'p', database: 'identity', migrations: [] };

describe('dataSourceOptions', () => {
  it('never synchronizes or runs migrations on start-up', () => {
    const options = dataSourceOptions(base);
    expect(options.synchronize).toBe(false);
    expect(options.migrationsRun).toBe(false);
  });

  it('talks utf8mb4 in UTC with a bounded pool', () => {
    const options = dataSourceOptions(base);
    expect(options).toMatchObject({ type: 'mysql', charset: 'utf8mb4_unicode_ci', timezone: 'Z', poolSize: 10 });
    expect(dataSourceOptions({ ...base, poolSize: 3 }).poolSize).toBe(3);
  });
});
