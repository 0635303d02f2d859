import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { STAGES } from '../teachers/teacher.dto.js';
import { COURSE_LEVELS } from './catalog.dto.js';

export const HOUR_MODES = ['exact', 'minimum'] as const;

export class HourRuleBody {
  @ApiProperty({ enum: HOUR_MODES, description: 'exact: precisely (自选 12 学时); minimum: at least (不少于)' })
  @IsIn(HOUR_MODES)
  mode!: (typeof HOUR_MODES)[number];

  @ApiProperty({ example: 12 })
  @IsNumber()
  hours!: number;
}

export class ChooseSetBody {
  @ApiProperty({ type: [String], description: 'Course ids; exactly `choose` of them (二选一: 1 of 2)' })
  @IsUUID('all', { each: true })
  courseIds!: string[];

  @ApiProperty({ example: 1 })
  @IsInt()
  choose!: number;
}

export class ChapterRuleBody {
  @ApiProperty({ format: 'uuid', description: 'A catalog chapter (篇)' })
  @IsUUID()
  chapterId!: string;

  @ApiProperty({ type: HourRuleBody })
  @ValidateNested()
  @Type(() => HourRuleBody)
  hours!: HourRuleBody;

  @ApiProperty({ type: [String], description: 'Every course a teacher may pick in this chapter' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(200)
  courseIds!: string[];

  @ApiProperty({ type: [String], required: false, description: '必选' })
  @IsOptional()
  @IsUUID('all', { each: true })
  requiredCourseIds?: string[];

  @ApiProperty({ type: [ChooseSetBody], required: false })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ChooseSetBody)
  chooseSets?: ChooseSetBody[];
}

export class PackageRuleBody {
  @ApiProperty({ example: 'A' })
  @IsString()
  @Length(1, 16)
  code!: string;

  @ApiProperty({ example: '信息技术支持的教学环节优化' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: [ChapterRuleBody] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ChapterRuleBody)
  chapters!: ChapterRuleBody[];
}

export class ElectiveTopicRuleBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  topicId!: string;

  @ApiProperty({ type: [String], required: false, description: 'Empty = every active course of the topic when saved' })
  @IsOptional()
  @IsUUID('all', { each: true })
  courseIds?: string[];
}

export class ElectiveGroupRuleBody {
  @ApiProperty({ example: '师德' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: [String] })
  @IsUUID('all', { each: true })
  topicIds!: string[];

  @ApiProperty({ example: 8 })
  @IsNumber()
  minimumHours!: number;
}

export class ElectiveRuleBody {
  @ApiProperty({ type: [ElectiveTopicRuleBody] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ElectiveTopicRuleBody)
  topics!: ElectiveTopicRuleBody[];

  @ApiProperty({ type: [ElectiveGroupRuleBody] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ElectiveGroupRuleBody)
  groups!: ElectiveGroupRuleBody[];

  @ApiProperty({ required: false, description: 'With schoolMaxTopics: each school picks between min and max topics first' })
  @IsOptional()
  @IsInt()
  @Min(0)
  schoolMinTopics?: number;

  @ApiProperty({ required: false, description: 'Omitted or 0: teachers choose from every topic' })
  @IsOptional()
  @IsInt()
  @Min(0)
  schoolMaxTopics?: number;
}

export class PushedRuleBody {
  @ApiProperty({ enum: STAGES })
  @IsIn(STAGES)
  stage!: (typeof STAGES)[number];

  @ApiProperty({ required: false, description: 'Omitted = every subject of the stage' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  subject?: string;

  @ApiProperty({ enum: COURSE_LEVELS, required: false })
  @IsOptional()
  @IsIn(COURSE_LEVELS)
  level?: (typeof COURSE_LEVELS)[number];

  @ApiProperty({ type: [String] })
  @IsUUID('all', { each: true })
  courseIds!: string[];
}

export class PolicyBody {
  @ApiProperty({ description: '0 for a project without a policy yet; otherwise the revision you edited' })
  @IsInt()
  @Min(0)
  expectedRevision!: number;

  @ApiProperty({ type: [PackageRuleBody], required: false, description: '套餐; a school picks exactly one' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PackageRuleBody)
  packages?: PackageRuleBody[];

  @ApiProperty({ type: ElectiveRuleBody, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => ElectiveRuleBody)
  electives?: ElectiveRuleBody;

  @ApiProperty({ type: [PushedRuleBody], required: false, description: '必修 pushed by stage, subject and level' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PushedRuleBody)
  pushed?: PushedRuleBody[];
}

export class OfferedCourseView {
  @ApiProperty() courseId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Hours it counts in this project' }) hours!: number;
}

export class ChapterRuleView {
  @ApiProperty() chapterId!: string;
  @ApiProperty({ example: '理念篇' }) name!: string;
  @ApiProperty({ type: HourRuleBody }) hours!: HourRuleBody;
  @ApiProperty({ type: [String] }) courseIds!: string[];
  @ApiProperty({ type: [String] }) requiredCourseIds!: string[];
  @ApiProperty({ type: [ChooseSetBody] }) chooseSets!: ChooseSetBody[];
}

export class PackageRuleView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [ChapterRuleView] }) chapters!: ChapterRuleView[];
}

export class ElectiveTopicRuleView {
  @ApiProperty() topicId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) courseIds!: string[];
}

export class ElectiveRuleView {
  @ApiProperty({ type: [ElectiveTopicRuleView] }) topics!: ElectiveTopicRuleView[];
  @ApiProperty({ type: [ElectiveGroupRuleBody] }) groups!: ElectiveGroupRuleBody[];
  @ApiProperty() schoolMinTopics!: number;
  @ApiProperty() schoolMaxTopics!: number;
}

export class PushedRuleView {
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty({ enum: COURSE_LEVELS, nullable: true }) level!: string | null;
  @ApiProperty({ type: [String] }) courseIds!: string[];
}

export class PolicyView {
  @ApiProperty() projectId!: string;
  @ApiProperty({ type: [PackageRuleView] }) packages!: PackageRuleView[];
  @ApiProperty({ type: ElectiveRuleView, nullable: true }) electives!: ElectiveRuleView | null;
  @ApiProperty({ type: [PushedRuleView] }) pushed!: PushedRuleView[];
  @ApiProperty({ type: [OfferedCourseView], description: 'Every course the rules name, with the title and hours copied when saved' }) courses!: OfferedCourseView[];
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) savedAt!: string;
  @ApiProperty() savedBy!: string;
}
