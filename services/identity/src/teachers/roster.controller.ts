import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { roster } from '@yanxiu/contracts';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { enumFilter, optionalEnum } from '../listing/proto-enum.js';
import { ListTeachersUseCase } from './list-teachers.use-case.js';
import { ListPersonalDataReadsUseCase, RevealTeacherPersonalDataUseCase } from './personal-data.use-case.js';
import { RetireTeacherUseCase } from './retire-teacher.use-case.js';
import { accountSyncToProto, personalDataReadToProto } from './roster.mapper.js';
import { genderFromProto, stageFromProto, statusFromProto, teacherToProto } from './teacher.mapper.js';
import { UpdateTeacherUseCase } from './update-teacher.use-case.js';

const SERVICE = 'IdentityService';

/** Roster reads, corrections, retirement and the audited reveal of personal data. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class RosterGrpcController {
  constructor(
    private readonly listTeachersUseCase: ListTeachersUseCase,
    private readonly updateTeacherUseCase: UpdateTeacherUseCase,
    private readonly retireTeacherUseCase: RetireTeacherUseCase,
    private readonly revealUseCase: RevealTeacherPersonalDataUseCase,
    private readonly listReadsUseCase: ListPersonalDataReadsUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'ListTeachers')
  async listTeachers(@Payload() request: roster.ListTeachersRequest, @CurrentPrincipal() principal: Principal): Promise<roster.ListTeachersResponse> {
    const page = await this.listTeachersUseCase.execute(principal, {
      ...request,
      status: enumFilter(request.status, statusFromProto, 'status'),
      stage: enumFilter(request.stage, stageFromProto, 'stage'),
    });
    return { teachers: page.items.map(teacherToProto), nextPageToken: page.nextPageToken, total: page.total };
  }

  @GrpcMethod(SERVICE, 'UpdateTeacher')
  async updateTeacher(@Payload() request: roster.UpdateTeacherRequest, @CurrentPrincipal() principal: Principal): Promise<roster.UpdateTeacherResponse> {
    const { teacher, accountSync } = await this.updateTeacherUseCase.execute(principal, {
      ...request,
      gender: optionalEnum(request.gender, genderFromProto, 'gender'),
      stage: optionalEnum(request.stage, stageFromProto, 'stage'),
    });
    return { teacher: teacherToProto(teacher), accountSync: accountSyncToProto[accountSync] };
  }

  @GrpcMethod(SERVICE, 'RetireTeacher')
  async retireTeacher(@Payload() request: roster.RetireTeacherRequest, @CurrentPrincipal() principal: Principal): Promise<roster.RetireTeacherResponse> {
    return { teacher: teacherToProto(await this.retireTeacherUseCase.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'RevealTeacherPersonalData')
  async reveal(@Payload() request: roster.RevealTeacherPersonalDataRequest, @CurrentPrincipal() principal: Principal): Promise<roster.RevealTeacherPersonalDataResponse> {
    return this.revealUseCase.execute(principal, request);
  }

  @GrpcMethod(SERVICE, 'ListPersonalDataReads')
  async listReads(@Payload() request: roster.ListPersonalDataReadsRequest, @CurrentPrincipal() principal: Principal): Promise<roster.ListPersonalDataReadsResponse> {
    const page = await this.listReadsUseCase.execute(principal, request);
    return { reads: page.items.map(personalDataReadToProto), nextPageToken: page.nextPageToken, total: page.total };
  }
}
