import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { pageOf } from '../listing/page.dto.js';
import {
  CampaignPageView,
  CampaignTeacherPageView,
  CampaignTeachersQuery,
  CampaignView,
  CompletenessQuery,
  CompletenessView,
  ListCampaignsQuery,
  OpenCampaignBody,
  VerificationView,
} from './campaign.dto.js';
import { campaignStatuses, campaignTeacherView, campaignView, totalsView, unitCompletenessView, verifications } from './campaign.mapper.js';

/**
 * 信息采集: the spring campaign in which schools verify, correct (PATCH /teachers/{id}), add
 * (POST /teachers) and set leavers to 离职 (POST /teachers/{id}/depart); identity decides who may.
 */
@ApiTags('information collection')
@ApiBearerAuth()
@Controller('collection-campaigns')
export class InformationCollectionController {
  constructor(private readonly services: ServiceClients) {}

  @Post()
  @ApiOperation({ summary: 'Open the information collection over your province or city, with its window (province and city admins)' })
  @ApiResponse({ status: 201, type: CampaignView })
  async open(@Body() body: OpenCampaignBody, @CurrentPrincipal() principal: Principal): Promise<CampaignView> {
    return campaignView((await this.services.identity(principal).openCollectionCampaign({ ...body, orgId: body.orgId ?? '' })).campaign);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns over your org or inside your subtree, newest year first' })
  @ApiResponse({ status: 200, type: CampaignPageView })
  async list(@Query() query: ListCampaignsQuery, @CurrentPrincipal() principal: Principal): Promise<CampaignPageView> {
    const page = await this.services.identity(principal).listCollectionCampaigns({ status: query.status ? campaignStatuses[query.status] : 0, ...pageOf(query) });
    return { items: page.campaigns.map(campaignView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: CampaignView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<CampaignView> {
    return campaignView((await this.services.identity(principal).getCollectionCampaign({ id })).campaign);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: "Close a campaign of your scope (its opener's level or above)" })
  @ApiResponse({ status: 200, type: CampaignView })
  async close(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<CampaignView> {
    return campaignView((await this.services.identity(principal).closeCollectionCampaign({ id })).campaign);
  }

  @Post(':id/teachers/:teacherId/verify')
  @HttpCode(200)
  @ApiOperation({ summary: "Mark an in-service teacher's record as verified (校验) inside the window; repeating it changes nothing" })
  @ApiResponse({ status: 200, type: VerificationView })
  async verify(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('teacherId', ParseUUIDPipe) teacherId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VerificationView> {
    const { verification } = await this.services.identity(principal).verifyCampaignTeacher({ campaignId: id, teacherId });
    if (!verification) throw new Error('service answered without a verification');
    return verification;
  }

  @Get(':id/completeness')
  @ApiOperation({ summary: 'Per-school completeness below an org of your jurisdiction: in service, verified, added, departed; with totals' })
  @ApiResponse({ status: 200, type: CompletenessView })
  async completeness(@Param('id', ParseUUIDPipe) id: string, @Query() query: CompletenessQuery, @CurrentPrincipal() principal: Principal): Promise<CompletenessView> {
    const result = await this.services.identity(principal).getCollectionCompleteness({ campaignId: id, orgId: query.orgId ?? '', ...pageOf(query) });
    return { totals: totalsView(result.totals), units: result.units.map(unitCompletenessView), nextPageToken: result.nextPageToken, total: result.total };
  }

  @Get(':id/teachers')
  @ApiOperation({ summary: 'In-service teachers below an org with their verification in the campaign: who is left to verify' })
  @ApiResponse({ status: 200, type: CampaignTeacherPageView })
  async teachers(@Param('id', ParseUUIDPipe) id: string, @Query() query: CampaignTeachersQuery, @CurrentPrincipal() principal: Principal): Promise<CampaignTeacherPageView> {
    const page = await this.services.identity(principal).listCampaignTeachers({
      campaignId: id,
      orgId: query.orgId ?? '',
      verification: query.verification ? verifications[query.verification] : 0,
      name: query.name ?? '',
      ...pageOf(query),
    });
    return { items: page.teachers.map(campaignTeacherView), nextPageToken: page.nextPageToken, total: page.total };
  }
}
