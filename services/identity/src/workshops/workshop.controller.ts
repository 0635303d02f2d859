import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { workshop } from '@yanxiu/contracts';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { workshopToProto } from './workshop.mapper.js';
import {
  CreateWorkshopUseCase,
  GetWorkshopUseCase,
  ListMyWorkshopsUseCase,
  ListWorkshopMembersUseCase,
  ListWorkshopsUseCase,
  ReplaceWorkshopHostsUseCase,
} from './workshop.use-case.js';

const SERVICE = 'IdentityService';

/** gRPC face of workshops (工作坊): translate messages, call one use case. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class WorkshopController {
  constructor(
    private readonly createWorkshopUseCase: CreateWorkshopUseCase,
    private readonly getWorkshopUseCase: GetWorkshopUseCase,
    private readonly listWorkshopsUseCase: ListWorkshopsUseCase,
    private readonly replaceWorkshopHostsUseCase: ReplaceWorkshopHostsUseCase,
    private readonly listWorkshopMembersUseCase: ListWorkshopMembersUseCase,
    private readonly listMyWorkshopsUseCase: ListMyWorkshopsUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'CreateWorkshop')
  async createWorkshop(@Payload() request: workshop.CreateWorkshopRequest, @CurrentPrincipal() principal: Principal): Promise<workshop.CreateWorkshopResponse> {
    return { workshop: workshopToProto(await this.createWorkshopUseCase.execute(principal, request)) };
  }

  @GrpcMethod(SERVICE, 'GetWorkshop')
  async getWorkshop(@Payload() request: workshop.GetWorkshopRequest, @CurrentPrincipal() principal: Principal): Promise<workshop.GetWorkshopResponse> {
    const found = await this.getWorkshopUseCase.execute(principal, request.id);
    return { workshop: workshopToProto(found.workshop), memberCount: found.memberCount };
  }

  @GrpcMethod(SERVICE, 'ListWorkshops')
  async listWorkshops(@Payload() request: workshop.ListWorkshopsRequest, @CurrentPrincipal() principal: Principal): Promise<workshop.ListWorkshopsResponse> {
    const page = await this.listWorkshopsUseCase.execute(principal, request);
    return { workshops: page.items.map(workshopToProto), nextPageToken: page.nextPageToken, total: page.total };
  }

  @GrpcMethod(SERVICE, 'ReplaceWorkshopHosts')
  async replaceWorkshopHosts(@Payload() request: workshop.ReplaceWorkshopHostsRequest, @CurrentPrincipal() principal: Principal): Promise<workshop.ReplaceWorkshopHostsResponse> {
    return { workshop: workshopToProto(await this.replaceWorkshopHostsUseCase.execute(principal, request)) };
  }

  @GrpcMethod(SERVICE, 'ListWorkshopMembers')
  async listWorkshopMembers(@Payload() request: workshop.ListWorkshopMembersRequest, @CurrentPrincipal() principal: Principal): Promise<workshop.ListWorkshopMembersResponse> {
    const page = await this.listWorkshopMembersUseCase.execute(principal, request);
    return {
      members: page.items.map((e) => ({ enrollmentId: e.id, teacherId: e.teacherId, name: e.teacherName, idNumberMasked: e.idNumberMasked, orgId: e.orgId, orgPath: e.orgPath, subject: e.subject })),
      nextPageToken: page.nextPageToken,
      total: page.total,
    };
  }

  @GrpcMethod(SERVICE, 'ListMyWorkshops')
  async listMyWorkshops(@Payload() request: workshop.ListMyWorkshopsRequest, @CurrentPrincipal() principal: Principal): Promise<workshop.ListMyWorkshopsResponse> {
    const mine = await this.listMyWorkshopsUseCase.execute(principal, request.projectId);
    return { workshops: mine.map((m) => ({ workshop: workshopToProto(m.workshop), asHost: m.asHost })) };
  }
}
