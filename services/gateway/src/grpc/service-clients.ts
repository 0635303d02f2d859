import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ClientsModule, Transport, type ClientGrpc } from '@nestjs/microservices';
import { grpcAuthMetadata, type Principal } from '@yanxiu/auth';
import { catalog, identity, progress, protoFiles, protoLoaderOptions, reporting } from '@yanxiu/contracts';
import { context, propagation } from '@opentelemetry/api';
import { lastValueFrom, type Observable } from 'rxjs';
import type { GatewayConfig } from '../gateway.config.js';

const IDENTITY = 'IDENTITY_GRPC';
const REPORTING = 'REPORTING_GRPC';
const CATALOG = 'CATALOG_GRPC';
const PROGRESS = 'PROGRESS_GRPC';

export function serviceClientsModule(config: GatewayConfig) {
  return ClientsModule.register([
    { name: IDENTITY, transport: Transport.GRPC, options: { package: 'yanxiu.identity.v1', protoPath: protoFiles.identityService, url: config.IDENTITY_GRPC_URL, loader: protoLoaderOptions } },
    { name: REPORTING, transport: Transport.GRPC, options: { package: 'yanxiu.reporting.v1', protoPath: protoFiles.reportingService, url: config.REPORTING_GRPC_URL, loader: protoLoaderOptions } },
    { name: CATALOG, transport: Transport.GRPC, options: { package: 'yanxiu.catalog.v1', protoPath: protoFiles.catalogService, url: config.CATALOG_GRPC_URL, loader: protoLoaderOptions } },
    { name: PROGRESS, transport: Transport.GRPC, options: { package: 'yanxiu.progress.v1', protoPath: protoFiles.progressService, url: config.PROGRESS_GRPC_URL, loader: protoLoaderOptions } },
  ]);
}

type Unary<C> = { [K in keyof C]: C[K] extends (req: infer Req, metadata?: never) => Observable<infer Res> ? (req: Req) => Promise<Res> : never };

/** Forwards the caller's token and the trace context, so each service authenticates and authorises again. */
function callAs<C extends object>(client: C, principal: Principal): Unary<C> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const metadata = grpcAuthMetadata(principal, carrier);
  return new Proxy(client, {
    get: (target, method) => (request: unknown) =>
      lastValueFrom((target as Record<string | symbol, (r: unknown, m: unknown) => Observable<unknown>>)[method]!(request, metadata)),
  }) as unknown as Unary<C>;
}

@Injectable()
export class ServiceClients implements OnModuleInit {
  private identityClient!: identity.IdentityServiceClient;
  private reportingClient!: reporting.ReportingServiceClient;
  private catalogClient!: catalog.CatalogServiceClient;
  private progressClient!: progress.ProgressServiceClient;

  constructor(
    @Inject(IDENTITY) private readonly identityGrpc: ClientGrpc,
    @Inject(REPORTING) private readonly reportingGrpc: ClientGrpc,
    @Inject(CATALOG) private readonly catalogGrpc: ClientGrpc,
    @Inject(PROGRESS) private readonly progressGrpc: ClientGrpc,
  ) {}

  onModuleInit(): void {
    this.identityClient = this.identityGrpc.getService<identity.IdentityServiceClient>(identity.IDENTITY_SERVICE_NAME);
    this.reportingClient = this.reportingGrpc.getService<reporting.ReportingServiceClient>(reporting.REPORTING_SERVICE_NAME);
    this.catalogClient = this.catalogGrpc.getService<catalog.CatalogServiceClient>(catalog.CATALOG_SERVICE_NAME);
    this.progressClient = this.progressGrpc.getService<progress.ProgressServiceClient>(progress.PROGRESS_SERVICE_NAME);
  }

  identity(principal: Principal) {
    return callAs(this.identityClient, principal);
  }

  reporting(principal: Principal) {
    return callAs(this.reportingClient, principal);
  }

  catalog(principal: Principal) {
    return callAs(this.catalogClient, principal);
  }

  progress(principal: Principal) {
    return callAs(this.progressClient, principal);
  }
}
