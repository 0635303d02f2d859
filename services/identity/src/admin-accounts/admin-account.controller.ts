import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { adminAccount } from '@yanxiu/contracts';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { adminAccountToProto } from './admin-account.mapper.js';
import { CreateAdminAccountUseCase, ListAdminAccountsUseCase, ResetAdminPasswordUseCase } from './admin-account.use-case.js';

const SERVICE = 'IdentityService';

/** gRPC face of admin accounts: translate messages, call one use case. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class AdminAccountController {
  constructor(
    private readonly createAdminAccountUseCase: CreateAdminAccountUseCase,
    private readonly listAdminAccountsUseCase: ListAdminAccountsUseCase,
    private readonly resetAdminPasswordUseCase: ResetAdminPasswordUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'CreateAdminAccount')
  async createAdminAccount(@Payload() request: adminAccount.CreateAdminAccountRequest, @CurrentPrincipal() principal: Principal): Promise<adminAccount.CreateAdminAccountResponse> {
    const issued = await this.createAdminAccountUseCase.execute(principal, request);
    return { account: adminAccountToProto(issued.account), initialPassword: issued.initialPassword };
  }

  @GrpcMethod(SERVICE, 'ListAdminAccounts')
  async listAdminAccounts(@Payload() request: adminAccount.ListAdminAccountsRequest, @CurrentPrincipal() principal: Principal): Promise<adminAccount.ListAdminAccountsResponse> {
    const page = await this.listAdminAccountsUseCase.execute(principal, request);
    return { accounts: page.items.map(adminAccountToProto), nextPageToken: page.nextPageToken, total: page.total };
  }

  @GrpcMethod(SERVICE, 'ResetAdminPassword')
  async resetAdminPassword(@Payload() request: adminAccount.ResetAdminPasswordRequest, @CurrentPrincipal() principal: Principal): Promise<adminAccount.ResetAdminPasswordResponse> {
    const issued = await this.resetAdminPasswordUseCase.execute(principal, request.id);
    return { account: adminAccountToProto(issued.account), initialPassword: issued.initialPassword };
  }
}
