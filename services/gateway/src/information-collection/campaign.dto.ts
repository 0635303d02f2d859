import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQuery } from '../listing/page.dto.js';
import { OrgView } from '../orgs/org.dto.js';
import { TeacherView } from '../teachers/teacher.dto.js';

export const CAMPAIGN_STATUSES = ['open', 'closed'] as const;
export const VERIFICATIONS = ['verified', 'unverified'] as const;

export class OpenCampaignBody {
  @ApiProperty({ required: false, format: 'uuid', description: 'The province or city it covers; default your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '2027年春季教师信息采集' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: '2027-04-01T00:00:00+08:00', description: 'Start of the window (ISO-8601 with offset)' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO-8601 date-time, e.g. 2027-04-01T00:00:00+08:00' })
  startsAt!: string;

  @ApiProperty({ example: '2027-04-11T00:00:00+08:00', description: 'End of the window, exclusive' })
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO-8601 date-time, e.g. 2027-04-11T00:00:00+08:00' })
  endsAt!: string;
}

export class CampaignView {
  @ApiProperty() id!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty({ example: '/37/3701' }) orgPath!: string;
  @ApiProperty() year!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'ISO-8601 UTC' }) startsAt!: string;
  @ApiProperty({ description: 'ISO-8601 UTC, exclusive' }) endsAt!: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: string;
  @ApiProperty() openedByUsername!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ description: 'Empty while open' }) closedByUsername!: string;
  @ApiProperty({ description: 'Empty while open' }) closedAt!: string;
}

export class CampaignPageView {
  @ApiProperty({ type: [CampaignView] }) items!: CampaignView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty() total!: number;
}

export class ListCampaignsQuery extends PageQuery {
  @ApiProperty({ required: false, enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: (typeof CAMPAIGN_STATUSES)[number];
}

export class VerificationView {
  @ApiProperty() campaignId!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty() verifiedByUsername!: string;
  @ApiProperty({ description: 'ISO-8601 UTC' }) verifiedAt!: string;
}

export class UnitCompletenessView {
  @ApiProperty({ type: OrgView }) org!: OrgView;
  @ApiProperty({ description: 'Teachers in service now' }) inService!: number;
  @ApiProperty({ description: 'Of those, verified in this campaign at this unit' }) verified!: number;
  @ApiProperty({ description: 'Added to the roster inside the window' }) added!: number;
  @ApiProperty({ description: 'Set to 离职 inside the window' }) departed!: number;
  @ApiProperty({ description: 'verified = inService' }) complete!: boolean;
}

export class CompletenessTotalsView {
  @ApiProperty() units!: number;
  @ApiProperty() completeUnits!: number;
  @ApiProperty() inService!: number;
  @ApiProperty() verified!: number;
  @ApiProperty() added!: number;
  @ApiProperty() departed!: number;
}

export class CompletenessView {
  @ApiProperty({ type: CompletenessTotalsView, description: 'Over every unit of the subtree, not only this page' }) totals!: CompletenessTotalsView;
  @ApiProperty({ type: [UnitCompletenessView] }) units!: UnitCompletenessView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty({ description: 'Units over all pages' }) total!: number;
}

export class CompletenessQuery extends PageQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'A county, a school, … of your jurisdiction; default your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

export class CampaignTeachersQuery extends CompletenessQuery {
  @ApiProperty({ required: false, enum: VERIFICATIONS })
  @IsOptional()
  @IsIn(VERIFICATIONS)
  verification?: (typeof VERIFICATIONS)[number];

  @ApiProperty({ required: false, description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;
}

export class CampaignTeacherView {
  @ApiProperty({ type: TeacherView }) teacher!: TeacherView;
  @ApiProperty({ description: 'ISO-8601 UTC; empty when not yet verified at the current unit' }) verifiedAt!: string;
}

export class CampaignTeacherPageView {
  @ApiProperty({ type: [CampaignTeacherView] }) items!: CampaignTeacherView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty() total!: number;
}
