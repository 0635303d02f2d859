import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { COURSE_LEVELS } from '../catalog/catalog.dto.js';
import { OfferedCourseView, PackageRuleView } from '../catalog/policy.dto.js';

export class SchoolChoiceBody {
  @ApiProperty({ required: false, example: 'A', description: 'The package (套餐); omit when the project has none' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  packageCode?: string;

  @ApiProperty({ type: [String], required: false, description: 'Elective topics (专题), when the project lets schools choose them' })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(100)
  topicIds?: string[];
}

export class SchoolChoiceView {
  @ApiProperty() projectId!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ nullable: true, type: String }) packageCode!: string | null;
  @ApiProperty({ type: [String] }) topicIds!: string[];
  @ApiProperty({ description: 'Imposed by a county (or higher) admin on every school below orgPath' }) imposed!: boolean;
  @ApiProperty() chosenBy!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SchoolChoiceAnswer {
  @ApiProperty({ type: SchoolChoiceView, nullable: true, description: 'What applies to the school; null before anyone chose' })
  choice!: SchoolChoiceView | null;
}

export class TeacherSelectionBody {
  @ApiProperty({ type: [String], description: 'The whole selection (course ids), each time' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(200)
  courseIds!: string[];
}

export class ViolationView {
  @ApiProperty({ example: 'chapter_hours_short' }) kind!: string;
  @ApiProperty({ enum: ['refused', 'incomplete'] }) severity!: string;
  @ApiProperty({ example: '方法篇', description: 'The chapter or elective requirement, if any' }) chapter!: string;
  @ApiProperty() courseId!: string;
  @ApiProperty() selectedHours!: number;
  @ApiProperty() requiredHours!: number;
  @ApiProperty({ description: 'Hours short (incomplete) or over (refused)' }) differenceHours!: number;
  @ApiProperty({ example: '方法篇已选 8 学时，需要 12 学时，还差 4 学时' }) message!: string;
}

export class TeacherSelectionView {
  @ApiProperty() projectId!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty({ nullable: true, type: String }) packageCode!: string | null;
  @ApiProperty({ type: [String] }) courseIds!: string[];
  @ApiProperty({ type: [ViolationView], description: 'What is still missing, in the teacher’s terms' }) violations!: ViolationView[];
  @ApiProperty() complete!: boolean;
  @ApiProperty({ description: '0 = nothing saved yet' }) revision!: number;
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
}

export const COUNTED_REASONS = ['pushed', 'package_required', 'chosen'] as const;

export class CountedCourseView {
  @ApiProperty() courseId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() hours!: number;
  @ApiProperty({ enum: COUNTED_REASONS, description: 'pushed 必修, package_required 必选, chosen' }) reason!: string;
}

export class MyCoursesView {
  @ApiProperty() projectId!: string;
  @ApiProperty({ type: SchoolChoiceView, nullable: true }) schoolChoice!: SchoolChoiceView | null;
  @ApiProperty({ type: PackageRuleView, nullable: true, description: "The school's package: chapters and their hours" }) package!: PackageRuleView | null;
  @ApiProperty({ type: [OfferedCourseView], description: 'Every course the teacher may choose' }) offered!: OfferedCourseView[];
  @ApiProperty({ type: TeacherSelectionView }) selection!: TeacherSelectionView;
  @ApiProperty({ type: [CountedCourseView], description: 'What counts toward the project hours; other courses stay watchable but do not count' }) counted!: CountedCourseView[];
  @ApiProperty() countedHours!: number;
  @ApiProperty() projectHours!: number;
  @ApiProperty({ description: 'Study has started: the selection can no longer change' }) locked!: boolean;
}

export class GroupLevelBody {
  @ApiProperty({ enum: COURSE_LEVELS, description: '基础 basic / 提高 advanced' })
  @IsIn(COURSE_LEVELS)
  level!: (typeof COURSE_LEVELS)[number];
}

export class GroupLevelView {
  @ApiProperty() projectId!: string;
  @ApiProperty() groupId!: string;
  @ApiProperty({ enum: COURSE_LEVELS }) level!: string;
  @ApiProperty() chosenBy!: string;
  @ApiProperty({ format: 'date-time' }) chosenAt!: string;
}

export class TeacherStatusView {
  @ApiProperty() teacherId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() complete!: boolean;
  @ApiProperty() countedHours!: number;
  @ApiProperty({ description: 'The first thing still missing; empty when complete' }) nextStep!: string;
}

export class SchoolSelectionStatusView {
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ type: SchoolChoiceView, nullable: true }) choice!: SchoolChoiceView | null;
  @ApiProperty({ type: [TeacherStatusView] }) teachers!: TeacherStatusView[];
  @ApiProperty() enrolled!: number;
  @ApiProperty() complete!: number;
}

export class SchoolSummaryView {
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: SchoolChoiceView, nullable: true }) choice!: SchoolChoiceView | null;
  @ApiProperty() enrolled!: number;
  @ApiProperty() complete!: number;
}

export class SchoolSummaryPageView {
  @ApiProperty({ type: [SchoolSummaryView] }) schools!: SchoolSummaryView[];
  @ApiProperty() nextPageToken!: string;
  @ApiProperty() total!: number;
}

export class PageQuery {
  @ApiProperty({ required: false, default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pageToken?: string;
}

export class DryRunQuery {
  @ApiProperty({ required: false, enum: ['true', 'false'], default: 'false', description: 'true: check only, save nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}
