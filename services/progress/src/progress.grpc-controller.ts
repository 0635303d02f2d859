import { Catch, Controller, UseFilters, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { progress } from '@yanxiu/contracts';
import { throwError, type Observable } from 'rxjs';
import { GetMyProgressUseCase } from './completion/get-my-progress.use-case.js';
import { ListOrgProgressUseCase } from './completion/list-org-progress.use-case.js';
import { SaveCourseRulesUseCase } from './completion/save-course-rules.use-case.js';
import { GetCreditSummaryUseCase, RegisterSchoolBasedHoursUseCase, SaveCertificationCycleUseCase } from './credits/credit.use-cases.js';
import { GroupProgressUseCases } from './groups/group-progress.use-cases.js';
import { ProgressError, toRpcException } from './progress.error.js';
import { ConfirmRoleDutyUseCase } from './qualification/confirm-role-duty.use-case.js';
import { ListQualificationStandardsUseCase, SaveQualificationStandardUseCase } from './qualification/qualification-standards.use-cases.js';
import { GetQuizUseCase, SaveQuizUseCase, SubmitQuizAttemptUseCase } from './quizzes/quiz.use-cases.js';
import { GetMyWatchingUseCase } from './watching/get-my-watching.use-case.js';

@Catch(ProgressError)
export class ProgressErrorFilter implements RpcExceptionFilter<ProgressError> {
  catch(error: ProgressError, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toRpcException(error).getError());
  }
}

/** Translates proto ⇄ domain and calls one use case per method. */
@Controller()
@UseFilters(ProgressErrorFilter)
export class ProgressGrpcController {
  constructor(
    private readonly myProgress: GetMyProgressUseCase,
    private readonly myWatching: GetMyWatchingUseCase,
    private readonly orgProgress: ListOrgProgressUseCase,
    private readonly courseRules: SaveCourseRulesUseCase,
    private readonly saveQuiz: SaveQuizUseCase,
    private readonly getQuiz: GetQuizUseCase,
    private readonly submitQuiz: SubmitQuizAttemptUseCase,
    private readonly schoolBasedHours: RegisterSchoolBasedHoursUseCase,
    private readonly creditSummary: GetCreditSummaryUseCase,
    private readonly certificationCycle: SaveCertificationCycleUseCase,
    private readonly groupProgress: GroupProgressUseCases,
    private readonly listStandards: ListQualificationStandardsUseCase,
    private readonly saveStandard: SaveQualificationStandardUseCase,
    private readonly confirmDuty: ConfirmRoleDutyUseCase,
  ) {}

  @GrpcMethod('ProgressService', 'GetMyProjectProgress')
  getMyProjectProgress(@Payload() request: progress.GetMyProjectProgressRequest, @CurrentPrincipal() principal: Principal): Promise<progress.GetMyProjectProgressResponse> {
    return this.myProgress.execute(principal, request.projectId);
  }

  @GrpcMethod('ProgressService', 'GetMyWatching')
  getMyWatching(@Payload() request: progress.GetMyWatchingRequest, @CurrentPrincipal() principal: Principal): Promise<progress.GetMyWatchingResponse> {
    return this.myWatching.execute(principal, request.courseId);
  }

  @GrpcMethod('ProgressService', 'ListOrgProgress')
  listOrgProgress(@Payload() request: progress.ListOrgProgressRequest, @CurrentPrincipal() principal: Principal): Promise<progress.ListOrgProgressResponse> {
    return this.orgProgress.execute(principal, request);
  }

  @GrpcMethod('ProgressService', 'SaveCourseRules')
  async saveCourseRules(@Payload() request: progress.SaveCourseRulesRequest, @CurrentPrincipal() principal: Principal): Promise<progress.SaveCourseRulesResponse> {
    return { rules: await this.courseRules.execute(principal, request) };
  }

  @GrpcMethod('ProgressService', 'SaveQuiz')
  async saveQuizMethod(@Payload() request: progress.SaveQuizRequest, @CurrentPrincipal() principal: Principal): Promise<progress.SaveQuizResponse> {
    return { quiz: await this.saveQuiz.execute(principal, request) };
  }

  @GrpcMethod('ProgressService', 'GetQuiz')
  getQuizMethod(@Payload() request: progress.GetQuizRequest, @CurrentPrincipal() principal: Principal): Promise<progress.GetQuizResponse> {
    return this.getQuiz.execute(principal, request.quizId);
  }

  @GrpcMethod('ProgressService', 'SubmitQuizAttempt')
  async submitQuizAttempt(@Payload() request: progress.SubmitQuizAttemptRequest, @CurrentPrincipal() principal: Principal): Promise<progress.SubmitQuizAttemptResponse> {
    return { attempt: await this.submitQuiz.execute(principal, request) };
  }

  @GrpcMethod('ProgressService', 'RegisterSchoolBasedHours')
  registerSchoolBasedHours(@Payload() request: progress.RegisterSchoolBasedHoursRequest, @CurrentPrincipal() principal: Principal): Promise<progress.RegisterSchoolBasedHoursResponse> {
    return this.schoolBasedHours.execute(principal, request);
  }

  @GrpcMethod('ProgressService', 'GetCreditSummary')
  getCreditSummary(@Payload() request: progress.GetCreditSummaryRequest, @CurrentPrincipal() principal: Principal): Promise<progress.GetCreditSummaryResponse> {
    return this.creditSummary.execute(principal, request);
  }

  @GrpcMethod('ProgressService', 'SaveCertificationCycle')
  async saveCertificationCycle(@Payload() request: progress.SaveCertificationCycleRequest, @CurrentPrincipal() principal: Principal): Promise<progress.SaveCertificationCycleResponse> {
    return { cycle: await this.certificationCycle.execute(principal, request) };
  }

  @GrpcMethod('ProgressService', 'ListMyGroupsProgress')
  listMyGroupsProgress(@Payload() request: progress.ListMyGroupsProgressRequest, @CurrentPrincipal() principal: Principal): Promise<progress.ListMyGroupsProgressResponse> {
    return this.groupProgress.mine(principal, request.projectId);
  }

  @GrpcMethod('ProgressService', 'GetGroupProgress')
  getGroupProgress(@Payload() request: progress.GetGroupProgressRequest, @CurrentPrincipal() principal: Principal): Promise<progress.GetGroupProgressResponse> {
    return this.groupProgress.one(principal, request.groupId);
  }

  @GrpcMethod('ProgressService', 'ListQualificationStandards')
  listQualificationStandards(@Payload() request: progress.ListQualificationStandardsRequest, @CurrentPrincipal() principal: Principal): Promise<progress.ListQualificationStandardsResponse> {
    return this.listStandards.execute(principal, request.projectId);
  }

  @GrpcMethod('ProgressService', 'SaveQualificationStandard')
  async saveQualificationStandard(@Payload() request: progress.SaveQualificationStandardRequest, @CurrentPrincipal() principal: Principal): Promise<progress.SaveQualificationStandardResponse> {
    return { standard: await this.saveStandard.execute(principal, request) };
  }

  @GrpcMethod('ProgressService', 'ConfirmRoleDuty')
  confirmRoleDuty(@Payload() request: progress.ConfirmRoleDutyRequest, @CurrentPrincipal() principal: Principal): Promise<progress.ConfirmRoleDutyResponse> {
    return this.confirmDuty.execute(principal, request);
  }
}
