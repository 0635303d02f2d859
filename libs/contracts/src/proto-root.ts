import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** proto/ at the workspace root; the gRPC transport loads service definitions from it at run time. */
export const PROTO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../proto');

export const protoFiles = {
  identityService: path.join(PROTO_ROOT, 'yanxiu/identity/v1/identity_service.proto'),
  reportingService: path.join(PROTO_ROOT, 'yanxiu/reporting/v1/reporting_service.proto'),
  catalogService: path.join(PROTO_ROOT, 'yanxiu/catalog/v1/catalog_service.proto'),
  progressService: path.join(PROTO_ROOT, 'yanxiu/progress/v1/progress_service.proto'),
} as const;

/** proto-loader options shared by servers and clients so both see the same shapes as ts-proto. */
export const protoLoaderOptions = {
  keepCase: false,
  longs: Number,
  enums: Number,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};
