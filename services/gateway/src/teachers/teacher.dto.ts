import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../listing/page.dto.js';

export const STAGES = ['high', 'middle', 'primary', 'kindergarten'] as const;
export const GENDERS = ['male', 'female'] as const;
export const TEACHER_STATUSES = ['in_service', 'departed', 'retired'] as const;

export class CreateTeacherBody {
  @ApiProperty({ format: 'uuid', description: 'The school, kindergarten or institution' })
  @IsUUID()
  orgId!: string;

  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ description: '18-character resident ID number (GB 11643), uppercase X', example: '11010519491231002X' })
  @IsString()
  @Length(18, 18, { message: 'idNumber must be exactly 18 characters' })
  idNumber!: string;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS)
  gender!: (typeof GENDERS)[number];

  @ApiProperty({ enum: STAGES })
  @IsIn(STAGES)
  stage!: (typeof STAGES)[number];

  @ApiProperty({ example: '数学', required: false })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  subject?: string;

  @ApiProperty({ example: '一级教师', required: false })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  title?: string;

  @ApiProperty({ example: '13800000000', required: false })
  @IsOptional()
  @Matches(/^1\d{10}$/, { message: 'phone must be an 11-digit mobile number starting with 1' })
  phone?: string;
}

export class TeacherView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '370102********1234', description: 'Always masked' }) idNumberMasked!: string;
  @ApiProperty({ enum: GENDERS }) gender!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['in_service', 'departed', 'retired'] }) status!: string;
}

export const ACCOUNT_SYNCS = ['not_needed', 'synced', 'owed', 'username_taken'] as const;

export class CorrectedTeacherView extends TeacherView {
  @ApiProperty({
    enum: ACCOUNT_SYNCS,
    description:
      "Whether the teacher's login follows the correction yet (it stands in every case): not_needed (no ID number or name changed, no account yet, or it already showed it), " +
      'synced, owed (Keycloak unreachable or too slow: the provisioning job syncs it within its schedule), username_taken (the corrected ID number is another ' +
      "Keycloak user's login: the teacher keeps logging in with the old number until an operator removes or renames that user)",
  })
  accountSync!: string;
}

export class TeacherPageView {
  @ApiProperty({ type: [TeacherView] }) items!: TeacherView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty({ description: 'All matching teachers, over all pages' }) total!: number;
}

export class ListTeachersQuery extends PageQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'A unit, or any org above units; default your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiProperty({ required: false, enum: TEACHER_STATUSES })
  @IsOptional()
  @IsIn(TEACHER_STATUSES)
  status?: (typeof TEACHER_STATUSES)[number];

  @ApiProperty({ required: false, enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: (typeof STAGES)[number];

  @ApiProperty({ required: false, example: '数学' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  subject?: string;

  @ApiProperty({ required: false, example: '王', description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;
}

/** The ID number travels in a body, never in a URL (URLs end up in access logs). */
export class LookupTeacherBody {
  @ApiProperty({ description: 'The full 18-character ID number', example: '11010519491231002X' })
  @IsString()
  @Length(18, 18, { message: 'idNumber must be exactly 18 characters' })
  idNumber!: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Search below this org; default your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

/** Only the fields present change. Status and unit change by depart, retire and transfer. */
export class UpdateTeacherBody {
  @ApiProperty({ required: false, example: '张伟' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiProperty({ required: false, description: 'A corrected ID number (GB 11643), validated and sealed again' })
  @IsOptional()
  @IsString()
  @Length(18, 18, { message: 'idNumber must be exactly 18 characters' })
  idNumber?: string;

  @ApiProperty({ required: false, enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: (typeof GENDERS)[number];

  @ApiProperty({ required: false, enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: (typeof STAGES)[number];

  @ApiProperty({ required: false, example: '数学', description: 'Empty only for kindergarten teachers' })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  subject?: string;

  @ApiProperty({ required: false, example: '一级教师' })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  title?: string;

  @ApiProperty({ required: false, example: '13800000000', description: 'An empty string removes the phone number' })
  @IsOptional()
  @Matches(/^(1\d{10})?$/, { message: 'phone must be an 11-digit mobile number starting with 1, or empty to remove it' })
  phone?: string;
}

export class RevealBody {
  @ApiProperty({ example: '学员账号无法登录，核对身份证号', description: 'Why the full number is needed (recorded with the read)' })
  @IsString()
  @Length(2, 200)
  reason!: string;
}

export class PersonalDataView {
  @ApiProperty() teacherId!: string;
  @ApiProperty({ example: '11010519491231002X' }) idNumber!: string;
  @ApiProperty({ description: 'Empty when none is on record' }) phone!: string;
}

export class PersonalDataReadView {
  @ApiProperty() id!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty({ description: "The teacher's unit at the time of the read" }) teacherOrgPath!: string;
  @ApiProperty({ description: "An admin's username; for a teacher's own read, their masked ID number" }) readerUsername!: string;
  @ApiProperty({ enum: ['self', 'school-admin', 'county-admin', 'city-admin', 'province-admin'], description: 'Reveals: self, school or county admin; departed-pool lookups: any admin level' })
  readerRole!: string;
  @ApiProperty() readerOrgPath!: string;
  @ApiProperty({ example: ['id_number', 'phone'] }) fields!: string[];
  @ApiProperty() reason!: string;
  @ApiProperty({ example: 'RevealTeacherPersonalData', description: 'RevealTeacherPersonalData or LookupDepartedTeacher' }) endpoint!: string;
  @ApiProperty({ description: 'ISO-8601 UTC' }) readAt!: string;
}

export class PersonalDataReadPageView {
  @ApiProperty({ type: [PersonalDataReadView] }) items!: PersonalDataReadView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty() total!: number;
}

export class ListPersonalDataReadsQuery extends PageQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'Only the reads of this teacher' })
  @IsOptional()
  @IsUUID()
  teacherId?: string;
}
