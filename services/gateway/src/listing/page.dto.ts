import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** page_size and page_token as identity's lists take them; list queries extend it. */
export class PageQuery {
  @ApiProperty({ required: false, example: 100, description: '1–500, default 100' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;

  @ApiProperty({ required: false, description: 'nextPageToken of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  pageToken?: string;
}

export const pageOf = (query: PageQuery) => ({ pageSize: query.pageSize ?? 0, pageToken: query.pageToken ?? '' });
