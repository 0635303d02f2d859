import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { enrollment as contract } from '@yanxiu/contracts';
import { IdentityError } from '../identity.error.js';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { ConfirmEnrollmentUseCase, ListMyEnrollmentsUseCase } from './confirm-enrollment.use-case.js';
import { ChangeEnrollmentUseCase, EnrollTeachersUseCase } from './enroll-teachers.use-case.js';
import { MoveEnrollmentUnitUseCase, OpenEnrollmentUseCase } from './enrollment-cascade.use-case.js';
import { confirmationFromProto, enrollmentToProto, enrollmentUnitToProto, myEnrollmentToProto, progressToProto, roleFromProto } from './enrollment.mapper.js';
import { GetEnrollmentProgressUseCase, ListEnrollmentsUseCase, type ProgressRow } from './list-enrollments.use-case.js';

const SERVICE = 'IdentityService';

const requiredRole = (role: contract.EnrollmentRole, where: string) => {
  const parsed = roleFromProto(role);
  if (!parsed) throw new IdentityError('invalid_argument', `${where}.role is required (trainee, group_leader, tutor, course_expert or workshop_host)`);
  return parsed;
};
const progress = (row: ProgressRow) => progressToProto(row.org, row.unit, row.counts);

/** The gRPC face of enrollment and confirmation: translate messages, call one use case. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class EnrollmentGrpcController {
  constructor(
    private readonly openEnrollment: OpenEnrollmentUseCase,
    private readonly moveUnit: MoveEnrollmentUnitUseCase,
    private readonly enrollTeachers: EnrollTeachersUseCase,
    private readonly changeEnrollment: ChangeEnrollmentUseCase,
    private readonly confirmEnrollment: ConfirmEnrollmentUseCase,
    private readonly listEnrollments: ListEnrollmentsUseCase,
    private readonly enrollmentProgress: GetEnrollmentProgressUseCase,
    private readonly myEnrollments: ListMyEnrollmentsUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'OpenEnrollment')
  async open(@Payload() request: contract.OpenEnrollmentRequest, @CurrentPrincipal() principal: Principal): Promise<contract.OpenEnrollmentResponse> {
    return { units: (await this.openEnrollment.execute(principal, request)).map(enrollmentUnitToProto) };
  }

  @GrpcMethod(SERVICE, 'SubmitEnrollmentUnit')
  async submit(@Payload() request: contract.SubmitEnrollmentUnitRequest, @CurrentPrincipal() principal: Principal): Promise<contract.SubmitEnrollmentUnitResponse> {
    return { unit: enrollmentUnitToProto(await this.moveUnit.execute(principal, 'submit', request)) };
  }

  @GrpcMethod(SERVICE, 'ReturnEnrollmentUnit')
  async returnUnit(@Payload() request: contract.ReturnEnrollmentUnitRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ReturnEnrollmentUnitResponse> {
    return { unit: enrollmentUnitToProto(await this.moveUnit.execute(principal, 'return', request)) };
  }

  @GrpcMethod(SERVICE, 'EnrollTeachers')
  async enroll(@Payload() request: contract.EnrollTeachersRequest, @CurrentPrincipal() principal: Principal): Promise<contract.EnrollTeachersResponse> {
    const entries = request.entries.map((e, i) => ({ teacherId: e.teacherId, subject: e.subject.trim(), role: requiredRole(e.role, `entries[${i}]`) }));
    const enrolled = await this.enrollTeachers.execute(principal, { projectId: request.projectId, orgId: request.orgId, entries });
    return { enrollments: enrolled.map(enrollmentToProto) };
  }

  @GrpcMethod(SERVICE, 'ChangeEnrollment')
  async change(@Payload() request: contract.ChangeEnrollmentRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ChangeEnrollmentResponse> {
    const changed = await this.changeEnrollment.change(principal, { id: request.id, subject: request.subject.trim(), role: requiredRole(request.role, 'request') });
    return { enrollment: enrollmentToProto(changed) };
  }

  @GrpcMethod(SERVICE, 'WithdrawEnrollment')
  async withdraw(@Payload() request: contract.WithdrawEnrollmentRequest, @CurrentPrincipal() principal: Principal): Promise<contract.WithdrawEnrollmentResponse> {
    return { enrollment: enrollmentToProto(await this.changeEnrollment.withdraw(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'ConfirmEnrollment')
  async confirm(@Payload() request: contract.ConfirmEnrollmentRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ConfirmEnrollmentResponse> {
    return { enrollment: enrollmentToProto(await this.confirmEnrollment.execute(principal, request)) };
  }

  @GrpcMethod(SERVICE, 'ListEnrollments')
  async list(@Payload() request: contract.ListEnrollmentsRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ListEnrollmentsResponse> {
    const role = roleFromProto(request.role);
    const confirmation = confirmationFromProto(request.confirmation);
    const page = await this.listEnrollments.execute(principal, {
      projectId: request.projectId,
      orgId: request.orgId,
      pageSize: request.pageSize,
      pageToken: request.pageToken,
      teacherIds: request.teacherIds,
      ...(request.subject ? { subject: request.subject } : {}),
      ...(role ? { role } : {}),
      ...(confirmation ? { confirmation } : {}),
    });
    return { enrollments: page.enrollments.map(enrollmentToProto), nextPageToken: page.nextPageToken, total: page.total };
  }

  @GrpcMethod(SERVICE, 'GetEnrollmentProgress')
  async progress(@Payload() request: contract.GetEnrollmentProgressRequest, @CurrentPrincipal() principal: Principal): Promise<contract.GetEnrollmentProgressResponse> {
    const { self, children } = await this.enrollmentProgress.execute(principal, request);
    return { self: progress(self), children: children.map(progress) };
  }

  @GrpcMethod(SERVICE, 'ListMyEnrollments')
  async mine(@Payload() _request: contract.ListMyEnrollmentsRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ListMyEnrollmentsResponse> {
    return { enrollments: (await this.myEnrollments.execute(principal)).map(myEnrollmentToProto) };
  }
}
