import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { rosterImport as contract } from '@yanxiu/contracts';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { CreateRosterImportUseCase, StartRosterImportUseCase } from './create-roster-import.use-case.js';
import { presignedToProto, rosterImportToProto, rowErrorToProto } from './roster-import.mapper.js';
import {
  GetRosterImportErrorReportUseCase,
  GetRosterImportTemplateUseCase,
  GetRosterImportUseCase,
  ListRosterImportErrorsUseCase,
  ListRosterImportsUseCase,
} from './read-roster-imports.use-case.js';

const SERVICE = 'IdentityService';

/** The gRPC face of the Excel roster import: translate messages, call one use case. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class RosterImportGrpcController {
  constructor(
    private readonly getTemplate: GetRosterImportTemplateUseCase,
    private readonly createImport: CreateRosterImportUseCase,
    private readonly startImport: StartRosterImportUseCase,
    private readonly getImport: GetRosterImportUseCase,
    private readonly listImports: ListRosterImportsUseCase,
    private readonly listErrors: ListRosterImportErrorsUseCase,
    private readonly getErrorReport: GetRosterImportErrorReportUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'GetRosterImportTemplate')
  async template(): Promise<contract.GetRosterImportTemplateResponse> {
    return this.getTemplate.execute();
  }

  @GrpcMethod(SERVICE, 'CreateRosterImport')
  async create(@Payload() request: contract.CreateRosterImportRequest, @CurrentPrincipal() principal: Principal): Promise<contract.CreateRosterImportResponse> {
    const { job, upload } = await this.createImport.execute(principal, { orgId: request.orgId, fileName: request.fileName, dryRun: request.dryRun });
    return { rosterImport: rosterImportToProto(job), upload: presignedToProto(upload) };
  }

  @GrpcMethod(SERVICE, 'StartRosterImport')
  async start(@Payload() request: contract.StartRosterImportRequest, @CurrentPrincipal() principal: Principal): Promise<contract.StartRosterImportResponse> {
    return { rosterImport: rosterImportToProto(await this.startImport.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'GetRosterImport')
  async get(@Payload() request: contract.GetRosterImportRequest, @CurrentPrincipal() principal: Principal): Promise<contract.GetRosterImportResponse> {
    return { rosterImport: rosterImportToProto(await this.getImport.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'ListRosterImports')
  async list(@Payload() request: contract.ListRosterImportsRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ListRosterImportsResponse> {
    return { rosterImports: (await this.listImports.execute(principal, request)).map(rosterImportToProto) };
  }

  @GrpcMethod(SERVICE, 'ListRosterImportErrors')
  async errors(@Payload() request: contract.ListRosterImportErrorsRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ListRosterImportErrorsResponse> {
    const { rows, nextAfterRow } = await this.listErrors.execute(principal, request);
    return { rows: rows.map(rowErrorToProto), nextAfterRow };
  }

  @GrpcMethod(SERVICE, 'GetRosterImportErrorReport')
  async errorReport(@Payload() request: contract.GetRosterImportErrorReportRequest, @CurrentPrincipal() principal: Principal): Promise<contract.GetRosterImportErrorReportResponse> {
    const { download, fileName } = await this.getErrorReport.execute(principal, request.id);
    return { download: presignedToProto(download), fileName };
  }
}
