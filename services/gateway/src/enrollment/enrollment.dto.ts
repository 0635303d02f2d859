import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf, ValidateNested } from 'class-validator';
import { PageQuery } from '../listing/page.dto.js';
import { STAGES } from '../teachers/teacher.dto.js';
import { DateWindowBody } from '../training-projects/training-project.dto.js';

export const ENROLLMENT_ROLES = ['trainee', 'group_leader', 'tutor', 'course_expert', 'workshop_host'] as const;
export const CONFIRMATIONS = ['pending', 'confirmed', 'disputed'] as const;
const ROLE_HELP = 'trainee 学员, group_leader 研修组长 (both through the unit list); tutor 指导教师, workshop_host 坊主, course_expert 课程专家 (appointed by county/city/province admins)';

export class OpenEnrollmentBody {
  @ApiProperty({ type: [String], description: 'Counties (city admin) or schools / kindergartens / institutions (county admin) to open the project to' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  orgIds!: string[];
}

export class ReturnUnitBody {
  @ApiProperty({ example: '漏报两名数学教师', description: 'What the unit must correct' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class EnrollmentEntryBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  teacherId!: string;

  @ApiProperty({ example: '数学', description: "One of the project's subjects; empty for kindergartens" })
  @IsString()
  @Length(0, 32)
  subject!: string;

  @ApiProperty({ enum: ENROLLMENT_ROLES, description: ROLE_HELP })
  @IsIn(ENROLLMENT_ROLES)
  role!: (typeof ENROLLMENT_ROLES)[number];
}

export class EnrollTeachersBody {
  @ApiProperty({ format: 'uuid', description: 'The school, kindergarten or institution the teachers belong to' })
  @IsUUID()
  orgId!: string;

  @ApiProperty({ type: [EnrollmentEntryBody], description: 'All or none: every bad entry is reported with its index' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => EnrollmentEntryBody)
  entries!: EnrollmentEntryBody[];
}

export class ChangeEnrollmentBody {
  @ApiProperty({ example: '英语' })
  @IsString()
  @Length(0, 32)
  subject!: string;

  @ApiProperty({ enum: ENROLLMENT_ROLES, description: ROLE_HELP })
  @IsIn(ENROLLMENT_ROLES)
  role!: (typeof ENROLLMENT_ROLES)[number];
}

export class ConfirmEnrollmentBody {
  @ApiProperty({ description: 'true: my enrollment (identity, unit, subject, role, account) is right; false: it is not, see note' })
  @IsBoolean()
  correct!: boolean;

  @ApiProperty({ required: false, example: '学科应为英语', description: 'Required when correct is false' })
  @ValidateIf((b: ConfirmEnrollmentBody) => b.correct === false || b.note !== undefined)
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class ListEnrollmentsQuery extends PageQuery {
  @ApiProperty({ format: 'uuid', description: 'A school, county, city or the province inside your jurisdiction' })
  @IsUUID()
  orgId!: string;

  @ApiProperty({ required: false, example: '数学' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  subject?: string;

  @ApiProperty({ required: false, enum: ENROLLMENT_ROLES })
  @IsOptional()
  @IsIn(ENROLLMENT_ROLES)
  role?: (typeof ENROLLMENT_ROLES)[number];

  @ApiProperty({ required: false, enum: CONFIRMATIONS })
  @IsOptional()
  @IsIn(CONFIRMATIONS)
  confirmation?: (typeof CONFIRMATIONS)[number];
}

export class EnrollmentView {
  @ApiProperty() id!: string;
  @ApiProperty() projectId!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty() teacherName!: string;
  @ApiProperty({ example: '370102********1234', description: 'Always masked' }) idNumberMasked!: string;
  @ApiProperty({ description: 'The unit enrolled through' }) orgId!: string;
  @ApiProperty({ example: '/37/3701/370102/S0001' }) orgPath!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ENROLLMENT_ROLES }) role!: string;
  @ApiProperty({ enum: ['enrolled', 'withdrawn'] }) status!: string;
  @ApiProperty({ enum: CONFIRMATIONS }) confirmation!: string;
  @ApiProperty({ description: 'What the participant reported as wrong' }) disputeNote!: string;
  @ApiProperty() version!: number;
  @ApiProperty() enrolledByUsername!: string;
  @ApiProperty({ format: 'date-time' }) enrolledAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'Empty until confirmed or disputed' }) confirmedAt!: string;
}

/** What a teacher's own list shows of an enrollment's project, so one call says which training it is and when. */
export class EnrollmentProjectView {
  @ApiProperty({ example: '2026年幼儿园教师全员远程研修' }) name!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ enum: STAGES }) stage!: (typeof STAGES)[number];
  @ApiProperty({ type: DateWindowBody, description: 'When the study runs' }) study!: DateWindowBody;
  @ApiProperty({ example: 36, description: 'The 学时 the project requires in all' }) requiredHours!: number;
}

export class MyEnrollmentView extends EnrollmentView {
  @ApiProperty({ type: EnrollmentProjectView }) project!: EnrollmentProjectView;
}

export class EnrollmentPageView {
  @ApiProperty({ type: [EnrollmentView] }) enrollments!: EnrollmentView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty({ description: 'All matching participants' }) total!: number;
}

export class EnrollmentUnitView {
  @ApiProperty() projectId!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ enum: ['city', 'county', 'unit'] }) level!: string;
  @ApiProperty({ enum: ['open', 'submitted'] }) status!: string;
  @ApiProperty() openedByUsername!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty() submittedByUsername!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ description: 'Why the level above returned it (退回)' }) returnedReason!: string;
}

export class EnrollmentProgressView {
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty({ type: EnrollmentUnitView, nullable: true, description: 'null until the cascade reaches the org' }) unit!: EnrollmentUnitView | null;
  @ApiProperty() enrolled!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() disputed!: number;
  @ApiProperty() pending!: number;
}

export class EnrollmentProgressReportView {
  @ApiProperty({ type: EnrollmentProgressView }) self!: EnrollmentProgressView;
  @ApiProperty({ type: [EnrollmentProgressView], description: 'Cities of the province, counties of a city, units of a county' }) children!: EnrollmentProgressView[];
}
