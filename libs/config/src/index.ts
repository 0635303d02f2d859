export { ConfigError, defineConfig, describeConfig, loadConfig, parseConfig, type ConfigProblem } from './load-config.js';
export { databaseKeys, env, kafkaKeys, oidcKeys } from './common-keys.js';
