import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { STAGES } from '../teachers/teacher.dto.js';

export const COURSE_KINDS = ['subject', 'ethics', 'general', 'policy_law', 'lesson_case', 'micro'] as const;
export const COURSE_LEVELS = ['basic', 'advanced'] as const;
export const COURSE_STATUSES = ['active', 'retired'] as const;

export class CourseBody {
  @ApiProperty({ example: '教育变革中的技术力量' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ enum: COURSE_KINDS, description: 'subject 学科, ethics 师德, general 通识, policy_law 政策法规, lesson_case 课例, micro 微课' })
  @IsIn(COURSE_KINDS)
  kind!: (typeof COURSE_KINDS)[number];

  @ApiProperty({ example: 2, description: '学时, whole or half hours' })
  @IsNumber()
  creditHours!: number;

  @ApiProperty({ example: 'courses/tech-power.mp4', description: 'Object key in storage or a URL', required: false })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  mediaRef?: string;

  @ApiProperty({ enum: STAGES, isArray: true, required: false, description: 'Empty = every stage' })
  @IsOptional()
  @IsIn(STAGES, { each: true })
  stages?: (typeof STAGES)[number][];

  @ApiProperty({ type: [String], required: false, example: ['数学'], description: 'Empty = every subject' })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(20)
  subjects?: string[];

  @ApiProperty({ format: 'uuid', required: false, description: '专题' })
  @IsOptional()
  @IsUUID()
  topicId?: string;

  @ApiProperty({ format: 'uuid', required: false, description: '篇' })
  @IsOptional()
  @IsUUID()
  chapterId?: string;

  @ApiProperty({ enum: COURSE_LEVELS, required: false, description: 'Kindergarten courses only: 基础 / 提高' })
  @IsOptional()
  @IsIn(COURSE_LEVELS)
  level?: (typeof COURSE_LEVELS)[number];

  @ApiProperty({ type: [String], required: false, description: 'Quizzes embedded in the course, in playing order' })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(50)
  quizIds?: string[];
}

export class UpdateCourseBody extends CourseBody {
  @ApiProperty({ description: 'The revision you edited; a newer one on the server answers 409' })
  @IsInt()
  @Min(1)
  expectedRevision!: number;

  @ApiProperty({ enum: COURSE_STATUSES, required: false, description: 'retired: no longer offered to new policies' })
  @IsOptional()
  @IsIn(COURSE_STATUSES)
  status?: (typeof COURSE_STATUSES)[number];
}

export class CourseView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: COURSE_KINDS }) kind!: string;
  @ApiProperty() creditHours!: number;
  @ApiProperty() mediaRef!: string;
  @ApiProperty({ enum: STAGES, isArray: true }) stages!: string[];
  @ApiProperty({ type: [String] }) subjects!: string[];
  @ApiProperty({ nullable: true, type: String }) topicId!: string | null;
  @ApiProperty({ nullable: true, type: String }) chapterId!: string | null;
  @ApiProperty({ enum: COURSE_LEVELS, nullable: true }) level!: string | null;
  @ApiProperty({ type: [String] }) quizIds!: string[];
  @ApiProperty({ enum: COURSE_STATUSES }) status!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export class SearchCoursesQuery {
  @ApiProperty({ enum: STAGES, required: false })
  @IsOptional()
  @IsIn(STAGES)
  stage?: (typeof STAGES)[number];

  @ApiProperty({ required: false, example: '数学' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  subject?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  topicId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chapterId?: string;

  @ApiProperty({ enum: COURSE_KINDS, required: false })
  @IsOptional()
  @IsIn(COURSE_KINDS)
  kind?: (typeof COURSE_KINDS)[number];

  @ApiProperty({ enum: COURSE_LEVELS, required: false })
  @IsOptional()
  @IsIn(COURSE_LEVELS)
  level?: (typeof COURSE_LEVELS)[number];

  @ApiProperty({ required: false, description: 'Part of the title' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiProperty({ required: false, enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeRetired?: 'true' | 'false';

  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pageToken?: string;
}

export class CoursePageView {
  @ApiProperty({ type: [CourseView] }) courses!: CourseView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty() total!: number;
}

export class TopicBody {
  @ApiProperty({ example: '教师职业道德' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ format: 'uuid', required: false, description: 'The chapter (篇) it is filed under' })
  @IsOptional()
  @IsUUID()
  chapterId?: string;
}

export class UpdateTopicBody extends TopicBody {
  @ApiProperty()
  @IsInt()
  @Min(1)
  expectedRevision!: number;
}

export class TopicView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) chapterId!: string | null;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export class ChapterBody {
  @ApiProperty({ example: '理念篇' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ description: 'Display order', example: 1 })
  @IsInt()
  @Min(0)
  @Max(10000)
  position!: number;
}

export class UpdateChapterBody extends ChapterBody {
  @ApiProperty()
  @IsInt()
  @Min(1)
  expectedRevision!: number;
}

export class ChapterView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() position!: number;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export class TopicsQuery {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  chapterId?: string;
}
