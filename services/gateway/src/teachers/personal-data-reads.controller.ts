import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { pageOf } from '../listing/page.dto.js';
import { ListPersonalDataReadsQuery, PersonalDataReadPageView } from './teacher.dto.js';

/** The audit trail of full ID-number reads, for city and province admins. */
@ApiTags('teachers')
@ApiBearerAuth()
@Controller('personal-data-reads')
export class PersonalDataReadsController {
  constructor(private readonly services: ServiceClients) {}

  @Get()
  @ApiOperation({ summary: 'Who was shown which teacher’s full ID number, when and why, in your subtree; newest first (city and province admins)' })
  @ApiResponse({ status: 200, type: PersonalDataReadPageView })
  async list(@Query() query: ListPersonalDataReadsQuery, @CurrentPrincipal() principal: Principal): Promise<PersonalDataReadPageView> {
    const page = await this.services.identity(principal).listPersonalDataReads({ teacherId: query.teacherId ?? '', ...pageOf(query) });
    return { items: page.reads, nextPageToken: page.nextPageToken, total: page.total };
  }
}
