import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { catalog } from '@yanxiu/contracts';
import { CatalogErrorFilter } from '../catalog-error.filter.js';
import { CatalogError } from '../catalog.error.js';
import { levelFromProto } from '../contract-enums.js';
import { packageToProto } from '../policies/policy.mapper.js';
import { ImposeChoiceUseCase, SaveSchoolChoiceUseCase, GetSchoolChoiceUseCase } from './school-choice.use-case.js';
import { schoolChoiceToProto, teacherSelectionToProto } from './selection.mapper.js';
import { GetSchoolSelectionStatusUseCase, ListSchoolSelectionStatusUseCase } from './selection-status.use-case.js';
import { countedToProto } from './standing.js';
import { ChooseGroupLevelUseCase, GetMyCoursesUseCase, SaveTeacherSelectionUseCase } from './teacher-selection.use-case.js';

const SERVICE = 'CatalogService';

const choiceCommand = (r: { projectId: string; orgId: string; packageCode: string; topicIds: string[] }) => ({
  projectId: r.projectId,
  orgId: r.orgId,
  packageCode: r.packageCode.trim() || null,
  topicIds: r.topicIds,
});

/** School choices, teacher selections and the completeness views over gRPC. */
@Controller()
@UseFilters(CatalogErrorFilter)
export class SelectionGrpcController {
  constructor(
    private readonly saveSchoolChoiceUseCase: SaveSchoolChoiceUseCase,
    private readonly imposeChoiceUseCase: ImposeChoiceUseCase,
    private readonly getSchoolChoiceUseCase: GetSchoolChoiceUseCase,
    private readonly saveTeacherSelectionUseCase: SaveTeacherSelectionUseCase,
    private readonly getMyCoursesUseCase: GetMyCoursesUseCase,
    private readonly chooseGroupLevelUseCase: ChooseGroupLevelUseCase,
    private readonly getSchoolSelectionStatusUseCase: GetSchoolSelectionStatusUseCase,
    private readonly listSchoolSelectionStatusUseCase: ListSchoolSelectionStatusUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'SaveSchoolChoice')
  async saveSchoolChoice(@Payload() request: catalog.SaveSchoolChoiceRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.SaveSchoolChoiceResponse> {
    return { choice: schoolChoiceToProto(await this.saveSchoolChoiceUseCase.execute(principal, choiceCommand(request))) };
  }

  @GrpcMethod(SERVICE, 'ImposeChoice')
  async imposeChoice(@Payload() request: catalog.ImposeChoiceRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.ImposeChoiceResponse> {
    return { choice: schoolChoiceToProto(await this.imposeChoiceUseCase.execute(principal, choiceCommand(request))) };
  }

  @GrpcMethod(SERVICE, 'LiftImposedChoice')
  async liftImposedChoice(@Payload() request: catalog.LiftImposedChoiceRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.LiftImposedChoiceResponse> {
    await this.imposeChoiceUseCase.lift(principal, { projectId: request.projectId, orgId: request.orgId });
    return {};
  }

  @GrpcMethod(SERVICE, 'GetSchoolChoice')
  async getSchoolChoice(@Payload() request: catalog.GetSchoolChoiceRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.GetSchoolChoiceResponse> {
    const choice = await this.getSchoolChoiceUseCase.execute(principal, { projectId: request.projectId, orgId: request.orgId });
    return { choice: choice ? schoolChoiceToProto(choice) : undefined };
  }

  @GrpcMethod(SERVICE, 'SaveTeacherSelection')
  async saveTeacherSelection(@Payload() request: catalog.SaveTeacherSelectionRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.SaveTeacherSelectionResponse> {
    const { selection, standing } = await this.saveTeacherSelectionUseCase.execute(principal, { projectId: request.projectId, courseIds: request.courseIds, dryRun: request.dryRun });
    return { selection: teacherSelectionToProto(request.projectId, principal.teacherId ?? '', selection, standing) };
  }

  @GrpcMethod(SERVICE, 'GetMyCourses')
  async getMyCourses(@Payload() request: catalog.GetMyCoursesRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.GetMyCoursesResponse> {
    const mine = await this.getMyCoursesUseCase.execute(principal, { projectId: request.projectId, teacherId: request.teacherId || null });
    return {
      projectId: mine.project.id,
      schoolChoice: mine.choice ? schoolChoiceToProto(mine.choice) : undefined,
      package: mine.pkg ? packageToProto(mine.pkg) : undefined,
      offered: mine.offered,
      selection: teacherSelectionToProto(mine.project.id, mine.teacherId, mine.selection, mine.standing),
      counted: mine.counted.map(countedToProto),
      countedHours: mine.standing.countedHours,
      projectHours: mine.project.requiredHours,
      locked: mine.locked,
    };
  }

  @GrpcMethod(SERVICE, 'ChooseGroupLevel')
  async chooseGroupLevel(@Payload() request: catalog.ChooseGroupLevelRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.ChooseGroupLevelResponse> {
    const level = levelFromProto(request.level);
    if (!level) throw new CatalogError('invalid_argument', 'level must be basic or advanced');
    return { chosen: await this.chooseGroupLevelUseCase.execute(principal, { projectId: request.projectId, groupId: request.groupId, level }) };
  }

  @GrpcMethod(SERVICE, 'GetSchoolSelectionStatus')
  async getSchoolSelectionStatus(@Payload() request: catalog.GetSchoolSelectionStatusRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.GetSchoolSelectionStatusResponse> {
    const status = await this.getSchoolSelectionStatusUseCase.execute(principal, { projectId: request.projectId, orgId: request.orgId });
    return {
      orgId: status.org.id,
      orgPath: status.org.path,
      choice: status.choice ? schoolChoiceToProto(status.choice) : undefined,
      teachers: status.participants.map((p) => ({
        teacherId: p.enrollment.teacherId,
        subject: p.enrollment.subject,
        complete: p.standing.complete,
        countedHours: p.standing.countedHours,
        nextStep: p.standing.violations[0]?.message ?? '',
      })),
      enrolled: status.participants.length,
      complete: status.participants.filter((p) => p.standing.complete).length,
    };
  }

  @GrpcMethod(SERVICE, 'ListSchoolSelectionStatus')
  async listSchoolSelectionStatus(@Payload() request: catalog.ListSchoolSelectionStatusRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.ListSchoolSelectionStatusResponse> {
    const result = await this.listSchoolSelectionStatusUseCase.execute(principal, request);
    return {
      schools: result.schools.map((s) => ({
        orgId: s.org.id,
        orgPath: s.org.path,
        name: s.org.name,
        choice: s.choice ? schoolChoiceToProto(s.choice) : undefined,
        enrolled: s.enrolled,
        complete: s.complete,
      })),
      nextPageToken: result.nextPageToken,
      total: result.total,
    };
  }
}
