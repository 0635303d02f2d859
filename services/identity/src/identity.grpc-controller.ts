import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { identity } from '@yanxiu/contracts';
import { IdentityError } from './identity.error.js';
import { IdentityErrorFilter } from './identity-error.filter.js';
import { CreateOrgUseCase, GetOrgUseCase } from './orgs/create-org.use-case.js';
import { orgLevelFromProto, orgToProto } from './orgs/org.mapper.js';
import { CreateTeacherUseCase, GetTeacherUseCase } from './teachers/create-teacher.use-case.js';
import { enrollmentToProto } from './enrollment/enrollment.mapper.js';
import { accountSyncToProto } from './teachers/roster.mapper.js';
import { genderFromProto, stageFromProto, teacherToProto } from './teachers/teacher.mapper.js';
import { LookupDepartedTeacherUseCase } from './transfers/lookup-departed-teacher.use-case.js';
import { DepartTeacherUseCase, GetTeacherTransfersUseCase, TransferTeacherUseCase } from './transfers/transfer-teacher.use-case.js';
import { transferToProto } from './transfers/transfer.mapper.js';

const SERVICE = 'IdentityService';

/** The gRPC face of identity: translate messages, call one use case. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class IdentityGrpcController {
  constructor(
    private readonly createOrgUseCase: CreateOrgUseCase,
    private readonly getOrgUseCase: GetOrgUseCase,
    private readonly createTeacherUseCase: CreateTeacherUseCase,
    private readonly getTeacherUseCase: GetTeacherUseCase,
    private readonly departTeacherUseCase: DepartTeacherUseCase,
    private readonly transferTeacherUseCase: TransferTeacherUseCase,
    private readonly getTeacherTransfersUseCase: GetTeacherTransfersUseCase,
    private readonly lookupDepartedTeacherUseCase: LookupDepartedTeacherUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'CreateOrg')
  async createOrg(@Payload() request: identity.CreateOrgRequest, @CurrentPrincipal() principal: Principal): Promise<identity.CreateOrgResponse> {
    const level = orgLevelFromProto(request.level);
    if (!level) throw new IdentityError('invalid_argument', 'level is required');
    return { org: orgToProto(await this.createOrgUseCase.execute(principal, { ...request, level })) };
  }

  @GrpcMethod(SERVICE, 'GetOrg')
  async getOrg(@Payload() request: identity.GetOrgRequest, @CurrentPrincipal() principal: Principal): Promise<identity.GetOrgResponse> {
    return { org: orgToProto(await this.getOrgUseCase.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'CreateTeacher')
  async createTeacher(@Payload() request: identity.CreateTeacherRequest, @CurrentPrincipal() principal: Principal): Promise<identity.CreateTeacherResponse> {
    const stage = stageFromProto(request.stage);
    const gender = genderFromProto(request.gender);
    if (!stage) throw new IdentityError('invalid_argument', 'stage is required');
    if (!gender) throw new IdentityError('invalid_argument', 'gender is required');
    const teacher = await this.createTeacherUseCase.execute(principal, { ...request, stage, gender });
    return { teacher: teacherToProto(teacher) };
  }

  @GrpcMethod(SERVICE, 'GetTeacher')
  async getTeacher(@Payload() request: identity.GetTeacherRequest, @CurrentPrincipal() principal: Principal): Promise<identity.GetTeacherResponse> {
    return { teacher: teacherToProto(await this.getTeacherUseCase.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'DepartTeacher')
  async departTeacher(@Payload() request: identity.DepartTeacherRequest, @CurrentPrincipal() principal: Principal): Promise<identity.DepartTeacherResponse> {
    return { teacher: teacherToProto(await this.departTeacherUseCase.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'TransferTeacher')
  async transferTeacher(@Payload() request: identity.TransferTeacherRequest, @CurrentPrincipal() principal: Principal): Promise<identity.TransferTeacherResponse> {
    const { teacher, transfer, movedEnrollments, accountSync } = await this.transferTeacherUseCase.execute(principal, { teacherId: request.id, targetOrgId: request.targetOrgId });
    return { teacher: teacherToProto(teacher), transfer: transferToProto(transfer), movedEnrollments: movedEnrollments.map(enrollmentToProto), accountSync: accountSyncToProto[accountSync] };
  }

  @GrpcMethod(SERVICE, 'GetTeacherTransfers')
  async getTeacherTransfers(@Payload() request: identity.GetTeacherTransfersRequest, @CurrentPrincipal() principal: Principal): Promise<identity.GetTeacherTransfersResponse> {
    return { transfers: (await this.getTeacherTransfersUseCase.execute(principal, request.teacherId)).map(transferToProto) };
  }

  @GrpcMethod(SERVICE, 'LookupDepartedTeacher')
  async lookupDepartedTeacher(@Payload() request: identity.LookupDepartedTeacherRequest, @CurrentPrincipal() principal: Principal): Promise<identity.LookupDepartedTeacherResponse> {
    return { teacher: teacherToProto(await this.lookupDepartedTeacherUseCase.execute(principal, request)) };
  }
}
