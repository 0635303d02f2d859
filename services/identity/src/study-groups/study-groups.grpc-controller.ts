import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { studyGroup as contract } from '@yanxiu/contracts';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { FormStudyGroupsUseCase } from './form-study-groups.use-case.js';
import type { StudyGroupDetail } from './study-group.js';
import { studyGroupToProto, tutorTeamToProto } from './study-group.mapper.js';
import { StudyGroupOverridesUseCase } from './study-group-overrides.use-case.js';
import { StudyGroupQueriesUseCase } from './study-group-queries.use-case.js';
import { SetTutorTeamHeadUseCase } from './tutor-team-head.use-case.js';

const SERVICE = 'IdentityService';
const detailToProto = (g: StudyGroupDetail) => studyGroupToProto(g, g.members);

/** The gRPC face of study groups and tutors: translate messages, call one use case. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class StudyGroupsGrpcController {
  constructor(
    private readonly formStudyGroups: FormStudyGroupsUseCase,
    private readonly overrides: StudyGroupOverridesUseCase,
    private readonly queries: StudyGroupQueriesUseCase,
    private readonly setTeamHead: SetTutorTeamHeadUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'FormStudyGroups')
  async form(@Payload() request: contract.FormStudyGroupsRequest, @CurrentPrincipal() principal: Principal): Promise<contract.FormStudyGroupsResponse> {
    const formed = await this.formStudyGroups.execute(principal, { projectId: request.projectId, orgId: request.orgId });
    return { groups: formed.groups.map((g) => studyGroupToProto(g)), teams: formed.teams.map(tutorTeamToProto) };
  }

  @GrpcMethod(SERVICE, 'ListStudyGroups')
  async list(@Payload() request: contract.ListStudyGroupsRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ListStudyGroupsResponse> {
    const page = await this.queries.list(principal, request);
    return { groups: page.items.map((g) => studyGroupToProto(g)), nextPageToken: page.nextPageToken, total: page.total };
  }

  @GrpcMethod(SERVICE, 'GetStudyGroup')
  async get(@Payload() request: contract.GetStudyGroupRequest, @CurrentPrincipal() principal: Principal): Promise<contract.GetStudyGroupResponse> {
    return { group: detailToProto(await this.queries.get(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'MoveStudyGroupMember')
  async move(@Payload() request: contract.MoveStudyGroupMemberRequest, @CurrentPrincipal() principal: Principal): Promise<contract.MoveStudyGroupMemberResponse> {
    const moved = await this.overrides.moveMember(principal, { groupId: request.groupId, teacherId: request.teacherId });
    return { group: detailToProto(moved.group), previousGroup: moved.previous ? detailToProto(moved.previous) : undefined };
  }

  @GrpcMethod(SERVICE, 'ChangeStudyGroupLeader')
  async changeLeader(@Payload() request: contract.ChangeStudyGroupLeaderRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ChangeStudyGroupLeaderResponse> {
    return { group: detailToProto(await this.overrides.changeLeader(principal, request)) };
  }

  @GrpcMethod(SERVICE, 'AssignStudyGroupTutor')
  async assignTutor(@Payload() request: contract.AssignStudyGroupTutorRequest, @CurrentPrincipal() principal: Principal): Promise<contract.AssignStudyGroupTutorResponse> {
    return { group: detailToProto(await this.overrides.assignTutor(principal, request)) };
  }

  @GrpcMethod(SERVICE, 'ListMyStudyGroups')
  async mine(@Payload() request: contract.ListMyStudyGroupsRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ListMyStudyGroupsResponse> {
    return { groups: (await this.queries.mine(principal, request.projectId)).map(detailToProto) };
  }

  @GrpcMethod(SERVICE, 'GetTutorReport')
  async tutorReport(@Payload() request: contract.GetTutorReportRequest, @CurrentPrincipal() principal: Principal): Promise<contract.GetTutorReportResponse> {
    const teams = await this.queries.tutorReport(principal, request);
    return { teams: teams.map(tutorTeamToProto), missing: teams.reduce((n, t) => n + t.missing, 0) };
  }

  @GrpcMethod(SERVICE, 'SetTutorTeamHead')
  async setHead(@Payload() request: contract.SetTutorTeamHeadRequest, @CurrentPrincipal() principal: Principal): Promise<contract.SetTutorTeamHeadResponse> {
    return { team: tutorTeamToProto(await this.setTeamHead.execute(principal, request)) };
  }
}
