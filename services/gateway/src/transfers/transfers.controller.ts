import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { TeacherView } from '../teachers/teacher.dto.js';
import { teacherView } from '../teachers/teacher.mapper.js';
import { LookupDepartedTeacherBody, TransferResultView, TransferTeacherBody, TransferView } from './transfer.dto.js';
import { transferResultView, transferView } from './transfer.mapper.js';

/** 离职, 调动 and the departed pool (离职教师库) of teachers; identity decides who may. */
@ApiTags('teachers')
@ApiBearerAuth()
@Controller('teachers')
export class TransfersController {
  constructor(private readonly services: ServiceClients) {}

  @Post(':id/depart')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set an in-service teacher of your jurisdiction to 离职: they enter the departed pool' })
  @ApiResponse({ status: 200, type: TeacherView })
  async depart(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TeacherView> {
    return teacherView((await this.services.identity(principal).departTeacher({ id })).teacher);
  }

  @Post('departed-pool/lookup')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Find a departed teacher (离职教师库) anywhere in the province by the full ID number you hold, to pull them in',
    description:
      'Any admin, a school admin included. Only teachers whose status is departed are found; anyone else with that number (in service anywhere, retired) is 404 like no match. ' +
      'Answered masked; every hit is recorded with your reason and listed at /personal-data-reads.',
  })
  @ApiResponse({ status: 200, type: TeacherView })
  @ApiResponse({ status: 404, description: 'No departed teacher with this ID number' })
  async lookupDeparted(@Body() body: LookupDepartedTeacherBody, @CurrentPrincipal() principal: Principal): Promise<TeacherView> {
    return teacherView((await this.services.identity(principal).lookupDepartedTeacher({ idNumber: body.idNumber, reason: body.reason })).teacher);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Transfer (调动) a teacher to another unit, with their enrollments in projects that have not ended',
    description:
      'A departed teacher: any admin over the target (调入离职教师). In service: county admin within a county, city admin across counties, province admin across cities. ' +
      "The teacher's current enrollments in projects whose study has not ended move to the new unit in the same transaction; in the grouping window the teacher also leaves their study group. " +
      "The teacher's login (the unit in their tokens) follows right after; accountSync says whether it has yet.",
  })
  @ApiResponse({ status: 200, type: TransferResultView })
  async transfer(@Param('id', ParseUUIDPipe) id: string, @Body() body: TransferTeacherBody, @CurrentPrincipal() principal: Principal): Promise<TransferResultView> {
    return transferResultView(await this.services.identity(principal).transferTeacher({ id, targetOrgId: body.targetOrgId }));
  }

  @Get(':id/transfers')
  @ApiOperation({ summary: "A teacher's transfer history, oldest first" })
  @ApiResponse({ status: 200, type: [TransferView] })
  async history(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TransferView[]> {
    return (await this.services.identity(principal).getTeacherTransfers({ teacherId: id })).transfers.map(transferView);
  }
}
