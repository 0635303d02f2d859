import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { EnrollmentView } from '../enrollment/enrollment.dto.js';
import { ACCOUNT_SYNCS, TeacherView } from '../teachers/teacher.dto.js';

export const TRANSFER_KINDS = ['from_departed_pool', 'within_county', 'within_city', 'across_cities'] as const;

export class TransferTeacherBody {
  @ApiProperty({ format: 'uuid', description: 'The school, kindergarten or institution the teacher moves to' })
  @IsUUID()
  targetOrgId!: string;
}

export class TransferView {
  @ApiProperty() id!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty() fromOrgId!: string;
  @ApiProperty({ example: '/37/3702/370202/S0004' }) fromOrgPath!: string;
  @ApiProperty() toOrgId!: string;
  @ApiProperty({ example: '/37/3701/370102/S0001' }) toOrgPath!: string;
  @ApiProperty({ enum: TRANSFER_KINDS, description: 'from_departed_pool: 调入离职教师; otherwise the level the move needed' }) kind!: string;
  @ApiProperty({ description: 'The admin who made the move' }) byUsername!: string;
  @ApiProperty({ format: 'date-time' }) transferredAt!: string;
}

export class TransferResultView {
  @ApiProperty({ type: TeacherView }) teacher!: TeacherView;
  @ApiProperty({ type: TransferView }) transfer!: TransferView;
  @ApiProperty({
    type: [EnrollmentView],
    description: "The teacher's enrollments in projects whose study has not ended, now at the new unit (same subject, role and confirmation; next version)",
  })
  movedEnrollments!: EnrollmentView[];
  @ApiProperty({
    enum: ACCOUNT_SYNCS,
    description:
      "Whether the teacher's login shows the new unit yet (the transfer stands in every case; the unit is the org_path of the teacher's tokens from their next login or refresh): " +
      'not_needed (no account yet: provisioning makes it at the new unit, or it already showed it), synced, owed (Keycloak unreachable or too slow: the provisioning job syncs it ' +
      "within its schedule), username_taken (the unit was synced, but an earlier correction's ID number is another Keycloak user's login: the teacher keeps logging in with the old " +
      'number until an operator removes or renames that user)',
  })
  accountSync!: string;
}

export class LookupDepartedTeacherBody {
  @ApiProperty({ description: 'The full 18-character ID number you were given; never a part of it', example: '11010519491231002X' })
  @IsString()
  @Length(18, 18, { message: 'idNumber must be exactly 18 characters' })
  idNumber!: string;

  @ApiProperty({ example: '调入本校前核对身份', description: 'Why you look the teacher up (recorded with the read)' })
  @IsString()
  @Length(2, 200)
  reason!: string;
}
