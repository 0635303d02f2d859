import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { pageOf, PageQuery } from '../listing/page.dto.js';
import {
  CreateWorkshopBody,
  ListWorkshopsQuery,
  MyWorkshopsQuery,
  MyWorkshopView,
  ReplaceWorkshopHostsBody,
  WorkshopDetailView,
  WorkshopMemberPageView,
  WorkshopPageView,
  WorkshopView,
} from './workshop.dto.js';
import { workshopView } from './workshop.mapper.js';

/** 工作坊 of training projects and their hosts; membership follows enrollment. Identity decides who may. */
@ApiTags('workshops')
@ApiBearerAuth()
@Controller()
export class WorkshopsController {
  constructor(private readonly services: ServiceClients) {}

  @Post('workshops')
  @ApiOperation({
    summary: 'Create a workshop with at least three hosts',
    description:
      "City and county admins: one per subject of the project's stage for their area (high school: cities only). The province: thematic workshops (专题工作坊). Hosts must be appointed as workshop hosts of the project (enrollment) inside the area, for its subject, and host no other workshop of the project.",
  })
  @ApiResponse({ status: 201, type: WorkshopView })
  async create(@Body() body: CreateWorkshopBody, @CurrentPrincipal() principal: Principal): Promise<WorkshopView> {
    const { workshop } = await this.services.identity(principal).createWorkshop({ ...body, subject: body.subject ?? '', theme: body.theme ?? '' });
    return workshopView(workshop);
  }

  @Get('workshops')
  @ApiOperation({ summary: 'Workshops whose area lies in your jurisdiction (or below orgId), by area, subject, theme' })
  @ApiResponse({ status: 200, type: WorkshopPageView })
  async list(@Query() query: ListWorkshopsQuery, @CurrentPrincipal() principal: Principal): Promise<WorkshopPageView> {
    const page = await this.services.identity(principal).listWorkshops({ orgId: query.orgId ?? '', projectId: query.projectId ?? '', subject: query.subject ?? '', ...pageOf(query) });
    return { workshops: page.workshops.map(workshopView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Get('workshops/:id')
  @ApiOperation({ summary: 'A workshop, for admins over its area, its hosts and its members' })
  @ApiResponse({ status: 200, type: WorkshopDetailView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<WorkshopDetailView> {
    const found = await this.services.identity(principal).getWorkshop({ id });
    return { ...workshopView(found.workshop), memberCount: found.memberCount };
  }

  @Put('workshops/:id/hosts')
  @ApiOperation({ summary: 'Replace the hosts of a workshop (still at least three), on the version you read' })
  @ApiResponse({ status: 200, type: WorkshopView })
  async replaceHosts(@Param('id', ParseUUIDPipe) id: string, @Body() body: ReplaceWorkshopHostsBody, @CurrentPrincipal() principal: Principal): Promise<WorkshopView> {
    return workshopView((await this.services.identity(principal).replaceWorkshopHosts({ id, ...body })).workshop);
  }

  @Get('workshops/:id/members')
  @ApiOperation({ summary: "A workshop's members: the project's enrolled trainees of its subject in its area; for admins over the area and its hosts" })
  @ApiResponse({ status: 200, type: WorkshopMemberPageView })
  async members(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<WorkshopMemberPageView> {
    return this.services.identity(principal).listWorkshopMembers({ id, ...pageOf(query) });
  }

  @Get('me/workshops')
  @ApiOperation({ summary: 'My workshops (a teacher signed in with their ID number): those I host and those I belong to' })
  @ApiResponse({ status: 200, type: [MyWorkshopView] })
  async mine(@Query() query: MyWorkshopsQuery, @CurrentPrincipal() principal: Principal): Promise<MyWorkshopView[]> {
    const { workshops } = await this.services.identity(principal).listMyWorkshops({ projectId: query.projectId ?? '' });
    return workshops.map((m) => ({ workshop: workshopView(m.workshop), asHost: m.asHost }));
  }
}
