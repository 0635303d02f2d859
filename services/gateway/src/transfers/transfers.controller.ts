import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { TeacherView } from '../teachers/teacher.dto.js';
import { teacherView } from '../teachers/teacher.mapper.js';
import { TransferResultView, TransferTeacherBody, TransferView } from './transfer.dto.js';
import { transferView } from './transfer.mapper.js';

/** 离职 and 调动 of teachers; identity decides who may. */
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

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Transfer (调动) a teacher to another unit',
    description: 'A departed teacher: any admin over the target (调入离职教师). In service: county admin within a county, city admin across counties, province admin across cities.',
  })
  @ApiResponse({ status: 200, type: TransferResultView })
  async transfer(@Param('id', ParseUUIDPipe) id: string, @Body() body: TransferTeacherBody, @CurrentPrincipal() principal: Principal): Promise<TransferResultView> {
    const result = await this.services.identity(principal).transferTeacher({ id, targetOrgId: body.targetOrgId });
    return { teacher: teacherView(result.teacher), transfer: transferView(result.transfer) };
  }

  @Get(':id/transfers')
  @ApiOperation({ summary: "A teacher's transfer history, oldest first" })
  @ApiResponse({ status: 200, type: [TransferView] })
  async history(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TransferView[]> {
    return (await this.services.identity(principal).getTeacherTransfers({ teacherId: id })).transfers.map(transferView);
  }
}
