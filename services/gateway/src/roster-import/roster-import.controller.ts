import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import {
  CreatedRosterImportView,
  CreateRosterImportBody,
  ErrorReportView,
  ListRosterImportErrorsQuery,
  ListRosterImportsQuery,
  RosterImportErrorsView,
  RosterImportView,
} from './roster-import.dto.js';
import { presignedView, rosterImportView } from './roster-import.mapper.js';

/** RFC 6266/5987: an ASCII fallback name and the UTF-8 one, so Chinese file names survive. */
const attachment = (fileName: string) => `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/**
 * Excel roster import (花名册导入): template, upload straight to object storage with a presigned
 * PUT, a job to poll, the bad rows and their report. Identity decides who may and does the work.
 */
@ApiTags('roster-imports')
@ApiBearerAuth()
@Controller('roster-imports')
export class RosterImportController {
  constructor(private readonly services: ServiceClients) {}

  @Get('template')
  @ApiOperation({ summary: 'The .xlsx template: the columns with hints, drop-down lists and a sheet of instructions' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiResponse({ status: 200, description: 'The template file' })
  async template(@CurrentPrincipal() principal: Principal): Promise<StreamableFile> {
    const file = await this.services.identity(principal).getRosterImportTemplate({});
    return new StreamableFile(Buffer.from(file.content), { type: file.contentType, disposition: attachment(file.fileName), length: file.content.length });
  }

  @Post()
  @ApiOperation({
    summary: 'Create an import into a unit or area of your jurisdiction and get the upload URL',
    description: 'Then PUT the .xlsx to upload.url with upload.headers, and POST /roster-imports/{id}/start.',
  })
  @ApiResponse({ status: 201, type: CreatedRosterImportView })
  async create(@Body() body: CreateRosterImportBody, @CurrentPrincipal() principal: Principal): Promise<CreatedRosterImportView> {
    const created = await this.services.identity(principal).createRosterImport({ orgId: body.orgId, fileName: body.fileName, dryRun: body.dryRun ?? false });
    return { import: rosterImportView(created.rosterImport), upload: presignedView(created.upload) };
  }

  @Post(':id/start')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start an uploaded import; poll GET /roster-imports/{id} until it succeeded or failed' })
  @ApiResponse({ status: 202, type: RosterImportView })
  async start(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<RosterImportView> {
    return rosterImportView((await this.services.identity(principal).startRosterImport({ id })).rosterImport);
  }

  @Get()
  @ApiOperation({ summary: 'Imports into your jurisdiction (or one org of it and below), newest first' })
  @ApiResponse({ status: 200, type: [RosterImportView] })
  async list(@Query() query: ListRosterImportsQuery, @CurrentPrincipal() principal: Principal): Promise<RosterImportView[]> {
    const { rosterImports } = await this.services.identity(principal).listRosterImports({ orgId: query.orgId ?? '', pageSize: query.limit ?? 0 });
    return rosterImports.map(rosterImportView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An import and its progress: rowsDone / rowsTotal, and the counts' })
  @ApiResponse({ status: 200, type: RosterImportView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<RosterImportView> {
    return rosterImportView((await this.services.identity(principal).getRosterImport({ id })).rosterImport);
  }

  @Get(':id/errors')
  @ApiOperation({ summary: 'The bad rows: row number, column and reason, by row number' })
  @ApiResponse({ status: 200, type: RosterImportErrorsView })
  async errors(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListRosterImportErrorsQuery, @CurrentPrincipal() principal: Principal): Promise<RosterImportErrorsView> {
    return this.services.identity(principal).listRosterImportErrors({ id, afterRow: query.afterRow ?? 0, pageSize: query.limit ?? 0 });
  }

  @Get(':id/error-report')
  @ApiOperation({
    summary: 'A short-lived download URL of the error report (.xlsx)',
    description: 'The bad rows with their values, original row numbers and reasons; once corrected it can be imported again as it is.',
  })
  @ApiResponse({ status: 200, type: ErrorReportView })
  async errorReport(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<ErrorReportView> {
    const { download, fileName } = await this.services.identity(principal).getRosterImportErrorReport({ id });
    return { ...presignedView(download), fileName };
  }
}
