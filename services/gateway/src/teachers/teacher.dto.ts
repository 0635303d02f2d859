import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export const STAGES = ['high', 'middle', 'primary', 'kindergarten'] as const;
export const GENDERS = ['male', 'female'] as const;

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
