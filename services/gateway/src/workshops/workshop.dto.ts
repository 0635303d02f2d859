import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { PageQuery } from '../listing/page.dto.js';
import { STAGES } from '../teachers/teacher.dto.js';

export const WORKSHOP_KINDS = ['subject', 'thematic'] as const;

export class CreateWorkshopBody {
  @ApiProperty({ format: 'uuid', description: 'The training project (one stage, one year)' })
  @IsUUID()
  projectId!: string;

  @ApiProperty({ format: 'uuid', description: 'The area: a county or city of yours (one workshop per subject), or the province (thematic)' })
  @IsUUID()
  orgId!: string;

  @ApiProperty({ required: false, example: '语文', description: "One of the project's subjects; empty for kindergartens; optional for a thematic workshop" })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  subject?: string;

  @ApiProperty({ required: false, example: '信息技术应用能力提升', description: 'Thematic workshops (province) only' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  theme?: string;

  @ApiProperty({ type: [String], description: 'At least 3 teachers appointed as workshop hosts (enrollment role workshop_host) of the project inside the area, of its subject' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  hostTeacherIds!: string[];
}

export class ReplaceWorkshopHostsBody {
  @ApiProperty({ type: [String], description: 'The new hosts, at least 3' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  hostTeacherIds!: string[];

  @ApiProperty({ example: 1, description: 'The version you read; a concurrent change makes this one fail with 409' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}

export class ListWorkshopsQuery extends PageQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'Default: your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiProperty({ required: false, example: '数学' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  subject?: string;
}

export class MyWorkshopsQuery {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  projectId?: string;
}

export class WorkshopHostView {
  @ApiProperty() teacherId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '370102********1234', description: 'Always masked' }) idNumberMasked!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
}

export class WorkshopView {
  @ApiProperty() id!: string;
  @ApiProperty() projectId!: string;
  @ApiProperty() projectYear!: number;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ enum: WORKSHOP_KINDS }) kind!: string;
  @ApiProperty({ description: 'The area' }) orgId!: string;
  @ApiProperty({ example: '/37/3701/370102' }) orgPath!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() theme!: string;
  @ApiProperty({ example: '历下区小学语文工作坊' }) name!: string;
  @ApiProperty({ type: [WorkshopHostView] }) hosts!: WorkshopHostView[];
  @ApiProperty({ description: '+1 per change of hosts' }) version!: number;
  @ApiProperty() createdByUsername!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WorkshopDetailView extends WorkshopView {
  @ApiProperty({ description: "The project's enrolled trainees of its subject in its area" }) memberCount!: number;
}

export class WorkshopPageView {
  @ApiProperty({ type: [WorkshopView] }) workshops!: WorkshopView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty() total!: number;
}

export class WorkshopMemberView {
  @ApiProperty() enrollmentId!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '370102********1234', description: 'Always masked' }) idNumberMasked!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty() subject!: string;
}

export class WorkshopMemberPageView {
  @ApiProperty({ type: [WorkshopMemberView] }) members!: WorkshopMemberView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty() total!: number;
}

export class MyWorkshopView {
  @ApiProperty({ type: WorkshopView }) workshop!: WorkshopView;
  @ApiProperty({ description: 'true: you host it; false: you are a member' }) asHost!: boolean;
}
