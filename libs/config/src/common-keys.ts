import { z } from 'zod';

/** Reusable validators for environment values (all arrive as strings). */
export const env = {
  port: () => z.coerce.number().int().min(1).max(65535),
  url: () => z.url(),
  nonEmpty: () => z.string().min(1),
  /** A comma-separated host:port list, e.g. KAFKA_BROKERS. */
  hostPorts: () =>
    z
      .string()
      .min(1)
      .transform((s) => s.split(',').map((h) => h.trim()))
      .refine((hosts) => hosts.every((h) => /^[\w.-]+:\d{1,5}$/.test(h)), 'must be a comma-separated list of host:port'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 32 bytes as 64 hex characters: an AES-256 or HMAC key. */
  key256: () => z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)'),
};

/** The database keys every service with a schema shares. */
export const databaseKeys = {
  DB_HOST: env.nonEmpty(),
  DB_PORT: env.port().default(3306),
  DB_USER: env.nonEmpty(),
  DB_PASSWORD: z.string(),
  DB_NAME: env.nonEmpty(),
};

export const kafkaKeys = {
  KAFKA_BROKERS: env.hostPorts(),
  KAFKA_CLIENT_ID: env.nonEmpty(),
};

export const oidcKeys = {
  OIDC_ISSUER: env.url(),
  OIDC_AUDIENCE: env.nonEmpty(),
  /** Defaults to the issuer's Keycloak certs endpoint. */
  OIDC_JWKS_URL: env.url().optional(),
};
