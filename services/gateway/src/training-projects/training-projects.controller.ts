import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { stages } from '../teachers/teacher.mapper.js';
import { ListTrainingProjectsQuery, TrainingProjectBody, TrainingProjectView, UpdateTrainingProjectBody } from './training-project.dto.js';
import { projectView, specToProto } from './training-project.mapper.js';

/** 研修项目: one stage, one year, run by the province; identity checks the rules. */
@ApiTags('training projects')
@ApiBearerAuth()
@Controller('training-projects')
export class TrainingProjectsController {
  constructor(private readonly services: ServiceClients) {}

  @Post()
  @ApiOperation({
    summary: 'Create a training project (province admin)',
    description: "One per stage and year. Windows in order, phases' hours add up to the required hours, subjects of the stage; every problem is answered at once.",
  })
  @ApiResponse({ status: 201, type: TrainingProjectView })
  async create(@Body() body: TrainingProjectBody, @CurrentPrincipal() principal: Principal): Promise<TrainingProjectView> {
    return projectView((await this.services.identity(principal).createTrainingProject({ spec: specToProto(body) })).project);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a training project (province admin)', description: 'Year and stage never change; once study has started only windows.study.end and windows.creditRegistrationDeadline may.' })
  @ApiResponse({ status: 200, type: TrainingProjectView })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTrainingProjectBody, @CurrentPrincipal() principal: Principal): Promise<TrainingProjectView> {
    const { expectedVersion, ...spec } = body;
    return projectView((await this.services.identity(principal).updateTrainingProject({ id, expectedVersion, spec: specToProto(spec) })).project);
  }

  @Get()
  @ApiOperation({ summary: 'Training projects of your province, newest year first' })
  @ApiResponse({ status: 200, type: [TrainingProjectView] })
  async list(@Query() query: ListTrainingProjectsQuery, @CurrentPrincipal() principal: Principal): Promise<TrainingProjectView[]> {
    const { projects } = await this.services.identity(principal).listTrainingProjects({ year: query.year ?? 0, stage: query.stage ? stages[query.stage] : 0 });
    return projects.map(projectView);
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: TrainingProjectView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TrainingProjectView> {
    return projectView((await this.services.identity(principal).getTrainingProject({ id })).project);
  }
}
