import { Body, Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { progress } from '@yanxiu/contracts';
import { ServiceClients } from '../grpc/service-clients.js';
import { CertificationCycleBody, CertificationCycleView, CreditSummaryQuery, CreditSummaryView, SchoolBasedHoursBody, SchoolBasedHoursView } from './progress.dto.js';
import { creditView } from './progress.mapper.js';

function summaryView(s: progress.GetCreditSummaryResponse): CreditSummaryView {
  if (!s.cycle) throw new Error('service answered without a cycle');
  return { ...s, cycle: s.cycle, credits: s.credits.map(creditView) };
}

/** The credit-hour ledger (学时登记): keyed by teacher, so it follows them across transfers. */
@ApiTags('credits')
@ApiBearerAuth()
@Controller('credits')
export class CreditsController {
  constructor(private readonly services: ServiceClients) {}

  @Get('me')
  @ApiOperation({ summary: 'My certification cycle: total, per year, every credit' })
  @ApiResponse({ status: 200, type: CreditSummaryView })
  async mine(@Query() query: CreditSummaryQuery, @CurrentPrincipal() principal: Principal): Promise<CreditSummaryView> {
    return summaryView(await this.services.progress(principal).getCreditSummary({ teacherId: '', year: query.year ?? 0 }));
  }

  @Get('teachers/:teacherId')
  @ApiOperation({ summary: "A teacher's certification cycle (admins over the teacher's current unit)" })
  @ApiResponse({ status: 200, type: CreditSummaryView })
  async ofTeacher(@Param('teacherId', ParseUUIDPipe) teacherId: string, @Query() query: CreditSummaryQuery, @CurrentPrincipal() principal: Principal): Promise<CreditSummaryView> {
    return summaryView(await this.services.progress(principal).getCreditSummary({ teacherId, year: query.year ?? 0 }));
  }

  @Post('teachers/:teacherId/school-based')
  @ApiOperation({ summary: 'Register school-based (校本研修) hours; the same recordKey again adds nothing and answers created=false' })
  @ApiResponse({ status: 201, type: SchoolBasedHoursView })
  async schoolBased(@Param('teacherId', ParseUUIDPipe) teacherId: string, @Body() body: SchoolBasedHoursBody, @CurrentPrincipal() principal: Principal): Promise<SchoolBasedHoursView> {
    const result = await this.services.progress(principal).registerSchoolBasedHours({ teacherId, ...body });
    return { credit: creditView(result.credit), created: result.created };
  }

  @Put('cycles/:firstYear')
  @ApiOperation({ summary: 'Define a certification cycle (province admins); cycles never overlap' })
  @ApiResponse({ status: 200, type: CertificationCycleView })
  async cycle(@Param('firstYear', ParseIntPipe) firstYear: number, @Body() body: CertificationCycleBody, @CurrentPrincipal() principal: Principal): Promise<CertificationCycleView> {
    const { cycle } = await this.services.progress(principal).saveCertificationCycle({ cycle: { firstYear, ...body } });
    if (!cycle) throw new Error('service answered without a cycle');
    return cycle;
  }
}
