import { z } from 'zod';
import { ConfigError, defineConfig, describeConfig, env, parseConfig } from './index.js';

const schema = defineConfig(
  {
    PORT: env.port(),
    KAFKA_BROKERS: env.hostPorts(),
    DB_PASSWORD: z.string(),
    LOG_LEVEL: env.logLevel(),
  },
  ['DB_PASSWORD'],
);

describe('parseConfig', () => {
  it('parses and coerces a valid environment', () => {
    const config = parseConfig('svc', schema, { PORT: '3000', KAFKA_BROKERS: 'a:9092, b:9093', DB_PASSWORD: 'x' });
    expect(config).toEqual({ PORT: 3000, KAFKA_BROKERS: ['a:9092', 'b:9093'], DB_PASSWORD: 'x', LOG_LEVEL: 'info' });
  });

  it('reports every bad key at once, naming each', () => {
    let error: unknown;
    try {
      parseConfig('identity', schema, { PORT: '99999', KAFKA_BROKERS: 'not a broker', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).problems.map((p) => p.key).sort();
    expect(keys).toEqual(['DB_PASSWORD', 'KAFKA_BROKERS', 'LOG_LEVEL', 'PORT']);
    expect((error as ConfigError).message).toContain('identity: invalid configuration (4 bad keys)');
    expect((error as ConfigError).message).toContain('DB_PASSWORD: is required but not set');
  });

  it('masks sensitive keys when describing the configuration', () => {
    const config = parseConfig('svc', schema, { PORT: '1', KAFKA_BROKERS: 'a:1', DB_PASSWORD: 'secret' });
    expect(describeConfig(schema, config)).toMatchObject({ DB_PASSWORD: '***', PORT: 1 });
  });
});
