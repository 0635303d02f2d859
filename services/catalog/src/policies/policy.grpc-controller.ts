import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { catalog } from '@yanxiu/contracts';
import { CatalogErrorFilter } from '../catalog-error.filter.js';
import { policyRulesFromProto, policyToProto } from './policy.mapper.js';
import { GetPolicyUseCase, SavePolicyUseCase } from './save-policy.use-case.js';

const SERVICE = 'CatalogService';

/** Selection policies over gRPC. */
@Controller()
@UseFilters(CatalogErrorFilter)
export class PolicyGrpcController {
  constructor(
    private readonly savePolicyUseCase: SavePolicyUseCase,
    private readonly getPolicyUseCase: GetPolicyUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'SavePolicy')
  async savePolicy(@Payload() request: catalog.SavePolicyRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.SavePolicyResponse> {
    const saved = await this.savePolicyUseCase.execute(principal, { projectId: request.projectId, rules: policyRulesFromProto(request.rules), expectedRevision: request.expectedRevision });
    return { policy: policyToProto(saved) };
  }

  @GrpcMethod(SERVICE, 'GetPolicy')
  async getPolicy(@Payload() request: catalog.GetPolicyRequest): Promise<catalog.GetPolicyResponse> {
    return { policy: policyToProto(await this.getPolicyUseCase.execute(request.projectId)) };
  }
}
