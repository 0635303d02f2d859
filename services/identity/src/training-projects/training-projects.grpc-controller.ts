import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { trainingProject as contract } from '@yanxiu/contracts';
import { IdentityErrorFilter } from '../identity-error.filter.js';
import { stageFromProto } from '../teachers/teacher.mapper.js';
import { GetTrainingProjectUseCase, ListTrainingProjectsUseCase } from './list-training-projects.use-case.js';
import { CreateTrainingProjectUseCase, UpdateTrainingProjectUseCase } from './save-training-project.use-case.js';
import { projectToProto, specFromProto } from './training-project.mapper.js';

const SERVICE = 'IdentityService';

/** The gRPC face of training projects: translate messages, call one use case. */
@Controller()
@UseFilters(IdentityErrorFilter)
export class TrainingProjectsGrpcController {
  constructor(
    private readonly createProject: CreateTrainingProjectUseCase,
    private readonly updateProject: UpdateTrainingProjectUseCase,
    private readonly getProject: GetTrainingProjectUseCase,
    private readonly listProjects: ListTrainingProjectsUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'CreateTrainingProject')
  async create(@Payload() request: contract.CreateTrainingProjectRequest, @CurrentPrincipal() principal: Principal): Promise<contract.CreateTrainingProjectResponse> {
    return { project: projectToProto(await this.createProject.execute(principal, specFromProto(request.spec))) };
  }

  @GrpcMethod(SERVICE, 'UpdateTrainingProject')
  async update(@Payload() request: contract.UpdateTrainingProjectRequest, @CurrentPrincipal() principal: Principal): Promise<contract.UpdateTrainingProjectResponse> {
    const project = await this.updateProject.execute(principal, { id: request.id, expectedVersion: request.expectedVersion, spec: specFromProto(request.spec) });
    return { project: projectToProto(project) };
  }

  @GrpcMethod(SERVICE, 'GetTrainingProject')
  async get(@Payload() request: contract.GetTrainingProjectRequest, @CurrentPrincipal() principal: Principal): Promise<contract.GetTrainingProjectResponse> {
    return { project: projectToProto(await this.getProject.execute(principal, request.id)) };
  }

  @GrpcMethod(SERVICE, 'ListTrainingProjects')
  async list(@Payload() request: contract.ListTrainingProjectsRequest, @CurrentPrincipal() principal: Principal): Promise<contract.ListTrainingProjectsResponse> {
    const stage = stageFromProto(request.stage);
    const projects = await this.listProjects.execute(principal, { ...(request.year ? { year: request.year } : {}), ...(stage ? { stage } : {}) });
    return { projects: projects.map(projectToProto) };
  }
}
