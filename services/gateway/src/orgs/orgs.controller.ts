import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { pageOf, PageQuery } from '../listing/page.dto.js';
import { CreateOrgBody, OrgPageView, OrgView, SearchOrgsQuery, TeacherCountView } from './org.dto.js';
import { orgLevels, orgView } from './org.mapper.js';

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('orgs')
export class OrgsController {
  constructor(private readonly services: ServiceClients) {}

  @Post()
  @ApiOperation({ summary: 'Register a city, county, school, kindergarten or institution inside your jurisdiction' })
  @ApiResponse({ status: 201, type: OrgView })
  async create(@Body() body: CreateOrgBody, @CurrentPrincipal() principal: Principal): Promise<OrgView> {
    const { org } = await this.services.identity(principal).createOrg({ ...body, level: orgLevels[body.level] });
    return orgView(org);
  }

  @Get()
  @ApiOperation({ summary: 'Search orgs in a subtree of your jurisdiction by name, region code prefix and level, by path' })
  @ApiResponse({ status: 200, type: OrgPageView })
  async search(@Query() query: SearchOrgsQuery, @CurrentPrincipal() principal: Principal): Promise<OrgPageView> {
    const page = await this.services.identity(principal).searchOrgs({
      rootId: query.rootId ?? '',
      name: query.name ?? '',
      codePrefix: query.codePrefix ?? '',
      level: query.level ? orgLevels[query.level] : 0,
      ...pageOf(query),
    });
    return { items: page.orgs.map(orgView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Get(':id/children')
  @ApiOperation({ summary: 'The cities, counties or units directly under an org of your jurisdiction, by code' })
  @ApiResponse({ status: 200, type: OrgPageView })
  async children(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<OrgPageView> {
    const page = await this.services.identity(principal).listOrgChildren({ parentId: id, ...pageOf(query) });
    return { items: page.orgs.map(orgView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: OrgView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<OrgView> {
    const { org } = await this.services.identity(principal).getOrg({ id });
    return orgView(org);
  }

  @Get(':id/teacher-count')
  @ApiOperation({ summary: 'Teachers at this org and in its subtree (from reporting; follows identity within seconds)' })
  @ApiResponse({ status: 200, type: TeacherCountView })
  async teacherCount(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<TeacherCountView> {
    return this.services.reporting(principal).getTeacherCount({ orgId: id });
  }
}
