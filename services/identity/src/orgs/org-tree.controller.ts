import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { roster } from '@yanxiu/contracts';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { enumFilter } from '../listing/proto-enum.js';
import { ListOrgChildrenUseCase, SearchOrgsUseCase } from './org-tree.use-case.js';
import { orgLevelFromProto, orgToProto } from './org.mapper.js';

const SERVICE = 'IdentityService';

/** Reads of the org tree: children of an org, search in a subtree. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class OrgTreeGrpcController {
  constructor(
    private readonly listChildrenUseCase: ListOrgChildrenUseCase,
    private readonly searchUseCase: SearchOrgsUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'ListOrgChildren')
  async listChildren(@Payload() request: roster.ListOrgChildrenRequest, @CurrentPrincipal() principal: Principal): Promise<roster.ListOrgChildrenResponse> {
    const page = await this.listChildrenUseCase.execute(principal, request);
    return { orgs: page.items.map(orgToProto), nextPageToken: page.nextPageToken, total: page.total };
  }

  @GrpcMethod(SERVICE, 'SearchOrgs')
  async search(@Payload() request: roster.SearchOrgsRequest, @CurrentPrincipal() principal: Principal): Promise<roster.SearchOrgsResponse> {
    const page = await this.searchUseCase.execute(principal, { ...request, level: enumFilter(request.level, orgLevelFromProto, 'level') });
    return { orgs: page.items.map(orgToProto), nextPageToken: page.nextPageToken, total: page.total };
  }
}
