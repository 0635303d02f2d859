import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { CreateTeacherBody, TeacherView } from './teacher.dto.js';
import { genders, stages, teacherView } from './teacher.mapper.js';

@ApiTags('teachers')
@ApiBearerAuth()
@Controller('teachers')
export class TeachersController {
  constructor(private readonly services: ServiceClients) {}

  @Post()
  @ApiOperation({ summary: 'Add a teacher to a unit inside your jurisdiction' })
  @ApiResponse({ status: 201, type: TeacherView })
  async create(@Body() body: CreateTeacherBody, @CurrentPrincipal() principal: Principal): Promise<TeacherView> {
    const { teacher } = await this.services.identity(principal).createTeacher({
      orgId: body.orgId,
      name: body.name,
      idNumber: body.idNumber,
      gender: genders[body.gender],
      stage: stages[body.stage],
      subject: body.subject ?? '',
      title: body.title ?? '',
      phone: body.phone ?? '',
    });
    return teacherView(teacher);
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: TeacherView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TeacherView> {
    const { teacher } = await this.services.identity(principal).getTeacher({ id });
    return teacherView(teacher);
  }
}
