import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { pageOf } from '../listing/page.dto.js';
import { CorrectedTeacherView, CreateTeacherBody, ListTeachersQuery, LookupTeacherBody, PersonalDataView, RevealBody, TeacherPageView, TeacherView, UpdateTeacherBody } from './teacher.dto.js';
import { correctedTeacherView, genders, stages, statuses, teacherView } from './teacher.mapper.js';

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

  @Get()
  @ApiOperation({ summary: 'Teachers of a unit or a whole subtree of your jurisdiction, by unit, name; ID numbers masked' })
  @ApiResponse({ status: 200, type: TeacherPageView })
  async list(@Query() query: ListTeachersQuery, @CurrentPrincipal() principal: Principal): Promise<TeacherPageView> {
    const page = await this.services.identity(principal).listTeachers({
      orgId: query.orgId ?? '',
      status: query.status ? statuses[query.status] : 0,
      stage: query.stage ? stages[query.stage] : 0,
      subject: query.subject ?? '',
      name: query.name ?? '',
      idNumber: '',
      ...pageOf(query),
    });
    return { items: page.teachers.map(teacherView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Post('lookup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Find a teacher of your jurisdiction by the full ID number you hold (answered masked)' })
  @ApiResponse({ status: 200, type: TeacherPageView })
  async lookup(@Body() body: LookupTeacherBody, @CurrentPrincipal() principal: Principal): Promise<TeacherPageView> {
    const page = await this.services.identity(principal).listTeachers({ orgId: body.orgId ?? '', status: 0, stage: 0, subject: '', name: '', idNumber: body.idNumber, pageSize: 0, pageToken: '' });
    return { items: page.teachers.map(teacherView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Correct a teacher record (信息修正): only the fields sent change; a new ID number is validated and sealed again' })
  @ApiResponse({ status: 200, type: CorrectedTeacherView })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTeacherBody, @CurrentPrincipal() principal: Principal): Promise<CorrectedTeacherView> {
    const corrected = await this.services.identity(principal).updateTeacher({
      ...body,
      id,
      gender: body.gender ? genders[body.gender] : undefined,
      stage: body.stage ? stages[body.stage] : undefined,
    });
    return correctedTeacherView(corrected);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set an in-service or departed teacher of your jurisdiction to retired (退休)' })
  @ApiResponse({ status: 200, type: TeacherView })
  async retire(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TeacherView> {
    return teacherView((await this.services.identity(principal).retireTeacher({ id })).teacher);
  }

  @Post(':id/personal-data/reveal')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The full ID number and phone, audited",
    description: 'For the teacher themself and the school or county admin over them, with a reason. Every call is recorded (who, when, which teacher, why) and listed at /personal-data-reads.',
  })
  @ApiResponse({ status: 200, type: PersonalDataView })
  async reveal(@Param('id', ParseUUIDPipe) id: string, @Body() body: RevealBody, @CurrentPrincipal() principal: Principal): Promise<PersonalDataView> {
    return this.services.identity(principal).revealTeacherPersonalData({ id, reason: body.reason });
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: TeacherView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TeacherView> {
    const { teacher } = await this.services.identity(principal).getTeacher({ id });
    return teacherView(teacher);
  }
}
