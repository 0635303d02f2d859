import { z } from 'zod';

/** One bad environment variable: which key and why. */
export interface ConfigProblem {
  key: string;
  reason: string;
}

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${service}: invalid configuration (${problems.length} bad key${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Keys whose values must never appear in logs or error messages. */
const sensitiveKeys = new WeakMap<z.ZodObject, ReadonlySet<string>>();

/**
 * Declares a service's environment: a zod object whose keys are the variable names.
 * `sensitive` lists the keys that are secrets, so `describeConfig` masks them.
 */
export function defineConfig<S extends z.ZodRawShape>(shape: S, sensitive: (keyof S & string)[] = []): z.ZodObject<S> {
  const schema = z.object(shape);
  sensitiveKeys.set(schema, new Set(sensitive));
  return schema;
}

/** Parses the environment once; every bad key is reported together, not just the first. */
export function parseConfig<S extends z.ZodObject>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    key: issue.path.map(String).join('.') || '(root)',
    reason: issue.code === 'invalid_type' && env[String(issue.path[0])] === undefined ? 'is required but not set' : issue.message,
  }));
  throw new ConfigError(service, problems);
}

/**
 * For `main.ts`: parse or exit. A service with bad configuration must not start half-working;
 * it prints every bad key to stderr and exits with status 78 (EX_CONFIG).
 */
export function loadConfig<S extends z.ZodObject>(service: string, schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  try {
    return parseConfig(service, schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

/** The configuration with secrets masked, for the start-up log line. */
export function describeConfig<S extends z.ZodObject>(schema: S, config: z.infer<S>): Record<string, unknown> {
  const hidden = sensitiveKeys.get(schema) ?? new Set<string>();
  return Object.fromEntries(Object.entries(config as Record<string, unknown>).map(([k, v]) => [k, hidden.has(k) ? '***' : v]));
}
