import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { informationCollection as ic } from '@yanxiu/contracts';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { enumFilter } from '../listing/proto-enum.js';
import { teacherToProto } from '../teachers/teacher.mapper.js';
import { CloseCampaignUseCase, GetCampaignUseCase, ListCampaignsUseCase, OpenCampaignUseCase } from './campaign.use-case.js';
import { campaignStatusFromProto, campaignToProto, totalsToProto, unitCompletenessToProto, verificationFilterFromProto, verificationToProto } from './campaign.mapper.js';
import { GetCompletenessUseCase, ListCampaignTeachersUseCase } from './completeness.use-case.js';
import { VerifyCampaignTeacherUseCase } from './verify-teacher.use-case.js';

const SERVICE = 'IdentityService';

/** 信息采集 campaigns: open, close, read, verify teachers, completeness per unit. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class InformationCollectionGrpcController {
  constructor(
    private readonly openUseCase: OpenCampaignUseCase,
    private readonly closeUseCase: CloseCampaignUseCase,
    private readonly getUseCase: GetCampaignUseCase,
    private readonly listUseCase: ListCampaignsUseCase,
    private readonly verifyUseCase: VerifyCampaignTeacherUseCase,
    private readonly completenessUseCase: GetCompletenessUseCase,
    private readonly teachersUseCase: ListCampaignTeachersUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'OpenCollectionCampaign')
  async open(@Payload() request: ic.OpenCollectionCampaignRequest, @CurrentPrincipal() principal: Principal): Promise<ic.OpenCollectionCampaignResponse> {
    return { campaign: campaignToProto(await this.openUseCase.execute(principal, request)) };
  }

  @GrpcMethod(SERVICE, 'CloseCollectionCampaign')
  async close(@Payload() request: ic.CloseCollectionCampaignRequest, @CurrentPrincipal() principal: Principal): Promise<ic.CloseCollectionCampaignResponse> {
    return { campaign: campaignToProto(await this.closeUseCase.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'GetCollectionCampaign')
  async get(@Payload() request: ic.GetCollectionCampaignRequest, @CurrentPrincipal() principal: Principal): Promise<ic.GetCollectionCampaignResponse> {
    return { campaign: campaignToProto(await this.getUseCase.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'ListCollectionCampaigns')
  async list(@Payload() request: ic.ListCollectionCampaignsRequest, @CurrentPrincipal() principal: Principal): Promise<ic.ListCollectionCampaignsResponse> {
    const page = await this.listUseCase.execute(principal, { ...request, status: enumFilter(request.status, campaignStatusFromProto, 'status') });
    return { campaigns: page.items.map(campaignToProto), nextPageToken: page.nextPageToken, total: page.total };
  }

  @GrpcMethod(SERVICE, 'VerifyCampaignTeacher')
  async verify(@Payload() request: ic.VerifyCampaignTeacherRequest, @CurrentPrincipal() principal: Principal): Promise<ic.VerifyCampaignTeacherResponse> {
    return { verification: verificationToProto(await this.verifyUseCase.execute(principal, request)) };
  }

  @GrpcMethod(SERVICE, 'GetCollectionCompleteness')
  async completeness(@Payload() request: ic.GetCollectionCompletenessRequest, @CurrentPrincipal() principal: Principal): Promise<ic.GetCollectionCompletenessResponse> {
    const { totals, page } = await this.completenessUseCase.execute(principal, request);
    return { totals: totalsToProto(totals), units: page.items.map(unitCompletenessToProto), nextPageToken: page.nextPageToken, total: page.total };
  }

  @GrpcMethod(SERVICE, 'ListCampaignTeachers')
  async teachers(@Payload() request: ic.ListCampaignTeachersRequest, @CurrentPrincipal() principal: Principal): Promise<ic.ListCampaignTeachersResponse> {
    const page = await this.teachersUseCase.execute(principal, { ...request, verification: enumFilter(request.verification, verificationFilterFromProto, 'verification') });
    return {
      teachers: page.items.map((row) => ({ teacher: teacherToProto(row.teacher), verifiedAt: row.verifiedAt?.toISOString() ?? '' })),
      nextPageToken: page.nextPageToken,
      total: page.total,
    };
  }
}
