import { z } from 'zod';

/**
 * The environment keys of a service that uses object storage, to spread into its
 * `defineConfig({...})` (mark S3_SECRET_KEY sensitive). S3_PUBLIC_ENDPOINT is the address
 * browsers reach when it differs from S3_ENDPOINT.
 */
export const storageKeys = {
  S3_ENDPOINT: z.url(),
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY: z.string().min(1),
  S3_SECRET_KEY: z.string().min(1),
};
