import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { TeacherView } from '../teachers/teacher.dto.js';

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
}
