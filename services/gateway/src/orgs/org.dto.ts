import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../listing/page.dto.js';

export const ORG_LEVELS = ['city', 'county', 'school', 'kindergarten', 'institution'] as const;
export type CreatableOrgLevel = (typeof ORG_LEVELS)[number];

export class CreateOrgBody {
  @ApiProperty({ description: 'The org this one belongs to (a province, city or county)', format: 'uuid' })
  @IsUUID()
  parentId!: string;

  @ApiProperty({ description: 'City: 4-digit region code; county: 6-digit; unit: letter + 4–8 digits, e.g. S0001', example: '370102' })
  @IsString()
  @Matches(/^(\d{4}|\d{6}|[A-Z]\d{4,8})$/, { message: 'code must be a 4- or 6-digit region code or a unit code like S0001' })
  code!: string;

  @ApiProperty({ example: '历下区' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: ORG_LEVELS })
  @IsIn(ORG_LEVELS)
  level!: CreatableOrgLevel;
}

export class OrgView {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['province', ...ORG_LEVELS] }) level!: string;
  @ApiProperty() parentId!: string;
  @ApiProperty({ example: '/37/3701/370102' }) path!: string;
}

export class TeacherCountView {
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ description: 'Teachers registered at this org itself' }) direct!: number;
  @ApiProperty({ description: 'Teachers in the whole subtree' }) total!: number;
}

export class OrgPageView {
  @ApiProperty({ type: [OrgView] }) items!: OrgView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty({ description: 'All matching orgs, over all pages' }) total!: number;
}

export class SearchOrgsQuery extends PageQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'The subtree to search (the org included); default your own org' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @ApiProperty({ required: false, example: '实验', description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiProperty({ required: false, example: '3701', description: 'Start of the region code (city 4, county 6 digits) or unit code' })
  @IsOptional()
  @Matches(/^[0-9A-Z]{1,16}$/, { message: 'codePrefix must be 1–16 digits or uppercase letters, e.g. 3701 or S00' })
  codePrefix?: string;

  @ApiProperty({ required: false, enum: ['province', ...ORG_LEVELS] })
  @IsOptional()
  @IsIn(['province', ...ORG_LEVELS])
  level?: 'province' | CreatableOrgLevel;
}
