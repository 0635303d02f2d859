import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../listing/page.dto.js';

export const ADMIN_ROLES = ['province-admin', 'city-admin', 'county-admin', 'school-admin'] as const;

export class CreateAdminAccountBody {
  @ApiProperty({ format: 'uuid', description: 'The org the new admin administers, directly under yours: a school of your county, a county of your city, a city of your province' })
  @IsUUID()
  orgId!: string;

  @ApiProperty({ example: 'lixia.s0001', description: 'Login name: 4–32 lowercase letters, digits, dots, dashes, underscores; starts with a letter' })
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{3,31}$/, { message: 'username must be 4–32 lowercase letters, digits, dots, dashes or underscores, starting with a letter' })
  username!: string;

  @ApiProperty({ example: '王晓明' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ required: false, example: '13800000000', description: 'Stored encrypted, answered masked' })
  @IsOptional()
  @Matches(/^1\d{10}$/, { message: 'phone must be an 11-digit mobile number starting with 1' })
  phone?: string;
}

export class ListAdminAccountsQuery extends PageQuery {
  @ApiProperty({ required: false, format: 'uuid', description: 'Default: your own org' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

export class AdminAccountView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '138****5678', description: 'Empty when none was given' }) phoneMasked!: string;
  @ApiProperty({ enum: ADMIN_ROLES }) role!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty({ example: '/37/3701/370102/S0001' }) orgPath!: string;
  @ApiProperty() createdByUsername!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'Last reset by the level above; empty if never' }) passwordResetAt!: string;
}

export class IssuedAdminAccountView {
  @ApiProperty({ type: AdminAccountView }) account!: AdminAccountView;
  @ApiProperty({ description: 'Shown once, stored nowhere: hand it over; it must be changed at the first login' }) initialPassword!: string;
}

export class AdminAccountPageView {
  @ApiProperty({ type: [AdminAccountView] }) accounts!: AdminAccountView[];
  @ApiProperty({ description: 'Empty on the last page' }) nextPageToken!: string;
  @ApiProperty() total!: number;
}
