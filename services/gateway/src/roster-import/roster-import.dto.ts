import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export const ROSTER_IMPORT_STATUSES = ['awaiting_upload', 'queued', 'running', 'succeeded', 'failed'] as const;

export class CreateRosterImportBody {
  @ApiProperty({
    format: 'uuid',
    description: 'A school, kindergarten or institution (every row goes there; the 学校 column may stay empty), or a county, city or province (each row names its unit in the 学校 column, by full name or unit code)',
  })
  @IsUUID()
  orgId!: string;

  @ApiProperty({ example: '第一实验小学教师名单.xlsx', description: 'The file name on the admin’s computer (for the error report’s name); must end in .xlsx' })
  @IsString()
  @Length(1, 200)
  @Matches(/\.xlsx$/i, { message: 'fileName must end in .xlsx (save .xls files as .xlsx first)' })
  fileName!: string;

  @ApiProperty({ required: false, default: false, description: 'Validate and report only: nothing is written to the roster' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ListRosterImportsQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'Imports into this org or below it; default your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiProperty({ required: false, example: 20, description: '1–100, default 20; newest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListRosterImportErrorsQuery {
  @ApiProperty({ required: false, example: 0, description: 'Rows after this row number (nextAfterRow of the previous page); default 0' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterRow?: number;

  @ApiProperty({ required: false, example: 100, description: '1–500, default 100' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class RosterImportView {
  @ApiProperty() id!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty({ example: '/37/3701/370102/S0001' }) orgPath!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: ROSTER_IMPORT_STATUSES, description: 'Poll until succeeded or failed' }) status!: string;
  @ApiProperty({ description: 'Non-blank data rows in the file; 0 until the file has been read' }) rowsTotal!: number;
  @ApiProperty({ description: 'Rows read so far: the progress is rowsDone / rowsTotal' }) rowsDone!: number;
  @ApiProperty({ description: 'New teachers written (in a dry run: that would be written)' }) rowsCreated!: number;
  @ApiProperty({ description: 'Teachers already on the roster with the same data (re-imports change nothing)' }) rowsUnchanged!: number;
  @ApiProperty({ description: 'Rows in the error report' }) rowsFailed!: number;
  @ApiProperty({ required: false, description: 'Why the whole import failed (unreadable file, missing columns, too large)' }) failure?: string;
  @ApiProperty() hasErrorReport!: boolean;
  @ApiProperty() createdByUsername!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ required: false, format: 'date-time' }) finishedAt?: string;
}

export class PresignedRequestView {
  @ApiProperty({ description: 'Send the request here, directly to object storage' }) url!: string;
  @ApiProperty({ enum: ['PUT', 'GET'] }) method!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Send exactly these headers (the content type is signed)' }) headers!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class CreatedRosterImportView {
  @ApiProperty({ type: RosterImportView }) import!: RosterImportView;
  @ApiProperty({ type: PresignedRequestView, description: 'PUT the .xlsx with this, then POST /roster-imports/{id}/start' }) upload!: PresignedRequestView;
}

export class RosterImportProblemView {
  @ApiProperty({ example: '身份证号', description: 'The template column' }) column!: string;
  @ApiProperty({ example: '身份证号校验位不正确' }) reason!: string;
}

export class RosterImportRowErrorView {
  @ApiProperty({ example: 3, description: 'The row number Excel shows' }) rowNumber!: number;
  @ApiProperty({ type: [RosterImportProblemView] }) problems!: RosterImportProblemView[];
}

export class RosterImportErrorsView {
  @ApiProperty({ type: [RosterImportRowErrorView] }) rows!: RosterImportRowErrorView[];
  @ApiProperty({ description: 'afterRow for the next page; 0 on the last page' }) nextAfterRow!: number;
}

export class ErrorReportView extends PresignedRequestView {
  @ApiProperty({ example: '教师名单-错误报告.xlsx' }) fileName!: string;
}
