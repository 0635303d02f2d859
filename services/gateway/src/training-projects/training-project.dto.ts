import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { STAGES } from '../teachers/teacher.dto.js';

export const PHASE_KINDS = ['concentrated', 'dispersed'] as const;
export const MERGE_SCOPES = ['school', 'county', 'city'] as const;
export const TUTOR_TEAM_SCOPES = ['county', 'city'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = { message: '$property must be a date YYYY-MM-DD' };

export class DateWindowBody {
  @ApiProperty({ example: '2024-04-18', description: 'Inclusive, Asia/Shanghai calendar day' })
  @Matches(DATE, dateMessage)
  start!: string;

  @ApiProperty({ example: '2024-04-29', description: 'Inclusive, Asia/Shanghai calendar day' })
  @Matches(DATE, dateMessage)
  end!: string;
}

export class PhaseBody {
  @ApiProperty({ example: '集中研修' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ enum: PHASE_KINDS, description: 'concentrated: 集中研修; dispersed: 分散研修' })
  @IsIn(PHASE_KINDS)
  kind!: (typeof PHASE_KINDS)[number];

  @ApiProperty({ example: 36 })
  @IsInt()
  @Min(1)
  hours!: number;

  @ApiProperty({ type: DateWindowBody })
  @ValidateNested()
  @Type(() => DateWindowBody)
  dates!: DateWindowBody;
}

export class WindowsBody {
  @ApiProperty({ type: DateWindowBody, description: '报名: the cascade city → county → school → submit → check' })
  @ValidateNested()
  @Type(() => DateWindowBody)
  enrollment!: DateWindowBody;

  @ApiProperty({ type: DateWindowBody, description: '编组: study groups, leaders, tutors' })
  @ValidateNested()
  @Type(() => DateWindowBody)
  grouping!: DateWindowBody;

  @ApiProperty({ type: DateWindowBody, description: '信息确认: participants confirm, county and city admins fix errors' })
  @ValidateNested()
  @Type(() => DateWindowBody)
  confirmation!: DateWindowBody;

  @ApiProperty({ type: DateWindowBody, description: '选课' })
  @ValidateNested()
  @Type(() => DateWindowBody)
  courseSelection!: DateWindowBody;

  @ApiProperty({ type: DateWindowBody, description: 'Enrollment is frozen from its first day' })
  @ValidateNested()
  @Type(() => DateWindowBody)
  study!: DateWindowBody;

  @ApiProperty({ example: '2024-12-31', description: '学时登记截止, inclusive' })
  @Matches(DATE, dateMessage)
  creditRegistrationDeadline!: string;
}

export class GroupingBody {
  @ApiProperty({ example: 15 }) @IsInt() @Min(1) groupSizeTarget!: number;
  @ApiProperty({ example: 5, description: 'Smallest group a split may produce' }) @IsInt() @Min(1) groupSizeMin!: number;
  @ApiProperty({ example: 20 }) @IsInt() @Min(1) groupSizeMax!: number;
  @ApiProperty({ example: 5, description: 'Subject groups with fewer members are merged' }) @IsInt() @Min(1) mergeBelow!: number;
  @ApiProperty({ enum: MERGE_SCOPES, description: 'Where small groups merge' }) @IsIn(MERGE_SCOPES) mergeScope!: (typeof MERGE_SCOPES)[number];
  @ApiProperty({ example: 60 }) @IsInt() @Min(1) traineesPerTutor!: number;
  @ApiProperty({ example: 4 }) @IsInt() @Min(1) groupsPerTutor!: number;
  @ApiProperty({ enum: TUTOR_TEAM_SCOPES, description: 'Tutor teams per city (high school in the seeds) or county; that admin appoints tutors' })
  @IsIn(TUTOR_TEAM_SCOPES)
  tutorTeamScope!: (typeof TUTOR_TEAM_SCOPES)[number];
}

/** Everything the province admin writes about a project; identity checks the rules and answers every problem at once. */
export class TrainingProjectBody {
  @ApiProperty({ example: 2024 }) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ enum: STAGES }) @IsIn(STAGES) stage!: (typeof STAGES)[number];
  @ApiProperty({ example: '2024年小学教师全员远程研修' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: '用技术改变教学' }) @IsString() @Length(1, 200) theme!: string;
  @ApiProperty({ example: 50, description: "The phases' hours add up to it" }) @IsInt() @Min(1) requiredHours!: number;

  @ApiProperty({ type: [PhaseBody] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PhaseBody)
  phases!: PhaseBody[];

  @ApiProperty({ type: [String], example: ['语文', '数学'], description: 'Empty for kindergartens' })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  subjects!: string[];

  @ApiProperty({ type: WindowsBody })
  @ValidateNested()
  @Type(() => WindowsBody)
  windows!: WindowsBody;

  @ApiProperty({ type: GroupingBody })
  @ValidateNested()
  @Type(() => GroupingBody)
  grouping!: GroupingBody;
}

export class UpdateTrainingProjectBody extends TrainingProjectBody {
  @ApiProperty({ example: 1, description: 'The version you read; a concurrent edit makes this one fail with 409' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}

export class ListTrainingProjectsQuery {
  @ApiProperty({ required: false, example: 2024 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  year?: number;

  @ApiProperty({ required: false, enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: (typeof STAGES)[number];
}

export class TrainingProjectView extends TrainingProjectBody {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The province running it' }) ownerOrgId!: string;
  @ApiProperty({ example: '/37' }) ownerOrgPath!: string;
  @ApiProperty({ description: '1 at creation, +1 per update' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
