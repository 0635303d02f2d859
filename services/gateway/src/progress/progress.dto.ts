import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const ID_MESSAGE = 'must be 1-64 letters, digits or . _ : -';

// ── progress views ──

export class CourseProgressView {
  @ApiProperty() courseId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Credit hours the course counts for' }) hours!: number;
  @ApiProperty({ description: 'Inside the study window, distinct seconds, capped by the wall clock spent' }) watchedSeconds!: number;
  @ApiProperty({ description: '0 while no rules are defined' }) requiredWatchSeconds!: number;
  @ApiProperty() rulesDefined!: boolean;
  @ApiProperty() quizzesTotal!: number;
  @ApiProperty() quizzesPassed!: number;
  @ApiProperty() assignmentRequired!: boolean;
  @ApiProperty() assignmentAccepted!: boolean;
  @ApiProperty() complete!: boolean;
  @ApiProperty({ nullable: true, format: 'date-time', type: String }) completedAt!: string | null;
}

export class CreditView {
  @ApiProperty() id!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty({ enum: ['project', 'school_based'] }) source!: string;
  @ApiProperty({ description: 'The project id, or the school record key' }) sourceKey!: string;
  @ApiProperty() year!: number;
  @ApiProperty() hours!: number;
  @ApiProperty() title!: string;
  @ApiProperty() registeredBy!: string;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
}

export class MyProjectProgressView {
  @ApiProperty() projectId!: string;
  @ApiProperty({ example: '2026-07-15' }) studyStartDate!: string;
  @ApiProperty({ example: '2026-08-31' }) studyEndDate!: string;
  @ApiProperty({ example: '2026-12-31' }) creditRegistrationDeadline!: string;
  @ApiProperty() projectHours!: number;
  @ApiProperty({ type: [CourseProgressView] }) courses!: CourseProgressView[];
  @ApiProperty({ description: 'Over all counted courses, capped by the wall clock: two courses at once count once' }) watchedSeconds!: number;
  @ApiProperty() requiredWatchSeconds!: number;
  @ApiProperty() qualified!: boolean;
  @ApiProperty({ nullable: true, format: 'date-time', type: String }) qualifiedAt!: string | null;
  @ApiProperty({ type: CreditView, nullable: true }) credit!: CreditView | null;
}

export class WatchedIntervalView {
  @ApiProperty({ description: 'Media seconds, [start, end)' }) start!: number;
  @ApiProperty() end!: number;
}

export class MediaWatchingView {
  @ApiProperty() mediaId!: string;
  @ApiProperty({ type: [WatchedIntervalView] }) intervals!: WatchedIntervalView[];
}

export class MyWatchingView {
  @ApiProperty() courseId!: string;
  @ApiProperty({ type: [MediaWatchingView] }) media!: MediaWatchingView[];
  @ApiProperty({ description: 'On any day, capped by the wall clock (a project counts only its study window)' }) watchedSeconds!: number;
}

export class ParticipantsQuery {
  @ApiPropertyOptional({ example: '/37/3701/370102', description: 'Defaults to your own org' })
  @IsOptional()
  @Matches(/^(\/[0-9A-Za-z-]+)+$/, { message: 'orgPath must look like /37/3701/370102' })
  orgPath?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) pageSize?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() pageToken?: string;
}

/** A participant's progress (progress's row) with their name (identity's). */
export class MemberProgressView {
  @ApiProperty() teacherId!: string;
  @ApiProperty({ nullable: true, type: String, example: '王芳', description: 'From identity; null when identity no longer shows you this teacher here (moved out of your jurisdiction or the group; progress follows within seconds)' })
  teacherName!: string | null;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ enum: ['trainee', 'group_leader', 'tutor', 'course_expert', 'workshop_host'] }) role!: string;
  @ApiProperty() coursesCounted!: number;
  @ApiProperty() coursesCompleted!: number;
  @ApiProperty({ description: 'Sum over the counted courses, each capped by its own wall clock' }) watchedSeconds!: number;
  @ApiProperty() qualified!: boolean;
  @ApiProperty() creditRegistered!: boolean;
}

export class ParticipantProgressView extends MemberProgressView {
  @ApiProperty({ nullable: true, type: String, example: '370102********1234', description: 'Always masked, as the enrollment list shows it; null with the name' })
  idNumberMasked!: string | null;
}

export class ParticipantsPageView {
  @ApiProperty() projectId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ type: [ParticipantProgressView] }) participants!: ParticipantProgressView[];
  @ApiProperty({ description: 'Over the whole org subtree' }) participantsTotal!: number;
  @ApiProperty() qualifiedTotal!: number;
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
}

// ── study groups (for their leader and tutor) ──

export class GroupProgressView {
  @ApiProperty() groupId!: string;
  @ApiProperty() projectId!: string;
  @ApiProperty({ example: '济南市历下区实验小学小学数学研修组' }) name!: string;
  @ApiProperty({ description: 'The school, or the county/city of a group across schools' }) orgPath!: string;
  @ApiProperty({ description: 'The county or city the group was formed in' }) regionPath!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() leaderTeacherId!: string;
  @ApiProperty({ nullable: true, type: String, example: '李静', description: "Of leaderTeacherId, from identity's study group; null when identity no longer shows that teacher in the group, or no longer has the group (progress follows within seconds)" })
  leaderName!: string | null;
  @ApiProperty({ nullable: true, type: String }) tutorTeacherId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '周洁', description: "Of tutorTeacherId, from identity's study group; null without a tutor, or as leaderName" })
  tutorName!: string | null;
  @ApiProperty({ type: [MemberProgressView], description: "Members enrolled in the project (the leader included), by teacher id, with their names from identity's study group" })
  members!: MemberProgressView[];
  @ApiProperty() qualifiedTotal!: number;
}

export class MyGroupsProgressView {
  @ApiProperty() projectId!: string;
  @ApiProperty({ type: [GroupProgressView], description: 'The group you lead, and every group you tutor, by name' }) groups!: GroupProgressView[];
}

// ── qualification by role ──

const PARTICIPANT_ROLES = ['trainee', 'group_leader', 'tutor', 'course_expert', 'workshop_host'];

export class QualificationStandardView {
  @ApiProperty({ description: 'Empty where the default applies (the project has no standard of its own for the role)' }) projectId!: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES }) role!: string;
  @ApiProperty({ description: 'Every counted course complete, with enough watched time over the project' }) coursesRequired!: boolean;
  @ApiProperty({ description: "The responsible admin confirmed the role's duty work" }) dutyConfirmationRequired!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty() updatedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class QualificationStandardsView {
  @ApiProperty({ type: [QualificationStandardView], description: 'One per role that has a standard' }) standards!: QualificationStandardView[];
}

export class QualificationStandardBody {
  @ApiProperty() @IsBoolean() coursesRequired!: boolean;
  @ApiProperty() @IsBoolean() dutyConfirmationRequired!: boolean;
  @ApiProperty({ description: "0 to create the project's own; otherwise the version you read" }) @IsInt() @Min(0) expectedVersion!: number;
}

export class DutyConfirmationView {
  @ApiProperty() teacherId!: string;
  @ApiProperty() projectId!: string;
  @ApiProperty({ enum: ['group_leader', 'tutor'] }) role!: string;
  @ApiProperty({ description: 'The county or city of the study groups the duty was done in' }) regionPath!: string;
  @ApiProperty() confirmedBy!: string;
  @ApiProperty({ format: 'date-time' }) confirmedAt!: string;
}

export class DutyConfirmationResultView {
  @ApiProperty({ type: DutyConfirmationView }) confirmation!: DutyConfirmationView;
  @ApiProperty({ description: 'False when it had been confirmed before (nothing changed)' }) created!: boolean;
}

// ── course rules ──

export class CourseRulesBody {
  @ApiProperty({ example: 2700, description: 'Watched seconds needed (inside the study window)' }) @IsInt() @Min(1) @Max(360_000) requiredWatchSeconds!: number;
  @ApiProperty() @IsBoolean() assignmentRequired!: boolean;
  @ApiProperty({ description: '0 to create; otherwise the version you read' }) @IsInt() @Min(0) expectedVersion!: number;
}

export class CourseRulesView {
  @ApiProperty() courseId!: string;
  @ApiProperty() requiredWatchSeconds!: number;
  @ApiProperty() assignmentRequired!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty() updatedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

// ── quizzes ──

export class QuizOptionBody {
  @ApiProperty() @Matches(ID, { message: `id ${ID_MESSAGE}` }) id!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) text!: string;
}

export class QuizQuestionBody {
  @ApiProperty() @Matches(ID, { message: `id ${ID_MESSAGE}` }) id!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) prompt!: string;
  @ApiProperty({ type: [QuizOptionBody] }) @IsArray() @ArrayMinSize(2) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => QuizOptionBody) options!: QuizOptionBody[];
  @ApiProperty({ type: [String], description: 'Never shown to teachers' }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) correctOptionIds!: string[];
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) points!: number;
}

export class QuizBody {
  @ApiProperty() @Matches(ID, { message: `courseId ${ID_MESSAGE}` }) courseId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @ApiProperty({ type: [QuizQuestionBody] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => QuizQuestionBody) questions!: QuizQuestionBody[];
  @ApiProperty({ description: 'Points needed to pass' }) @IsInt() @Min(1) passPoints!: number;
  @ApiProperty({ description: 'Attempts per teacher; 0 = unlimited' }) @IsInt() @Min(0) @Max(100) maxAttempts!: number;
  @ApiProperty({ description: '0 to create; otherwise the version you read' }) @IsInt() @Min(0) expectedVersion!: number;
}

export class QuizOptionView {
  @ApiProperty() id!: string;
  @ApiProperty() text!: string;
}

export class QuizQuestionView {
  @ApiProperty() id!: string;
  @ApiProperty() prompt!: string;
  @ApiProperty({ type: [QuizOptionView] }) options!: QuizOptionView[];
  @ApiProperty({ type: [String], description: 'Empty for teachers' }) correctOptionIds!: string[];
  @ApiProperty() points!: number;
}

export class QuizView {
  @ApiProperty() id!: string;
  @ApiProperty() courseId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [QuizQuestionView] }) questions!: QuizQuestionView[];
  @ApiProperty() passPoints!: number;
  @ApiProperty() maxAttempts!: number;
  @ApiProperty() version!: number;
  @ApiProperty() updatedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class QuizAttemptView {
  @ApiProperty() quizId!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() points!: number;
  @ApiProperty() maxPoints!: number;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: '0 = unlimited' }) attemptsLeft!: number;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export class QuizWithAttemptsView {
  @ApiProperty({ type: QuizView }) quiz!: QuizView;
  @ApiProperty({ type: [QuizAttemptView], description: 'Your own attempts' }) attempts!: QuizAttemptView[];
}

export class QuizAnswerBody {
  @ApiProperty() @IsString() questionId!: string;
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) optionIds!: string[];
}

export class QuizAttemptBody {
  @ApiProperty({ type: [QuizAnswerBody] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => QuizAnswerBody) answers!: QuizAnswerBody[];
}

// ── credits ──

export class SchoolBasedHoursBody {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) year!: number;
  @ApiProperty({ example: 12.5, description: 'In tenths of an hour' }) @IsNumber({ maxDecimalPlaces: 1 }) @Min(0.1) @Max(200) hours!: number;
  @ApiProperty({ example: '校本研修：课例研究' }) @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @ApiProperty({ example: 'S0001-2026-03', description: 'Your own id for the activity: registering it again changes nothing' })
  @Matches(ID, { message: `recordKey ${ID_MESSAGE}` })
  recordKey!: string;
}

export class SchoolBasedHoursView {
  @ApiProperty({ type: CreditView }) credit!: CreditView;
  @ApiProperty({ description: 'False when this record key was registered before (nothing was added)' }) created!: boolean;
}

export class CreditSummaryQuery {
  @ApiPropertyOptional({ description: 'The cycle containing this year; default: this year' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class CertificationCycleView {
  @ApiProperty({ example: 2024 }) firstYear!: number;
  @ApiProperty({ example: 2028 }) lastYear!: number;
  @ApiProperty({ example: 360 }) targetHours!: number;
}

export class YearHoursView {
  @ApiProperty() year!: number;
  @ApiProperty() hours!: number;
}

export class CreditSummaryView {
  @ApiProperty() teacherId!: string;
  @ApiProperty({ type: CertificationCycleView }) cycle!: CertificationCycleView;
  @ApiProperty() totalHours!: number;
  @ApiProperty() remainingHours!: number;
  @ApiProperty({ type: [YearHoursView] }) byYear!: YearHoursView[];
  @ApiProperty({ type: [CreditView] }) credits!: CreditView[];
}

export class CertificationCycleBody {
  @ApiProperty({ example: 2028 }) @IsInt() @Min(2000) @Max(2110) lastYear!: number;
  @ApiProperty({ example: 360 }) @IsNumber({ maxDecimalPlaces: 1 }) @Min(1) @Max(2000) targetHours!: number;
}
