import { Catch, Controller, UseFilters, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { reporting } from '@yanxiu/contracts';
import { throwError, type Observable } from 'rxjs';
import { ReportingError, toRpcException } from './reporting.error.js';
import { GetTeacherCountUseCase } from './teacher-counts/get-teacher-count.use-case.js';

@Catch(ReportingError)
export class ReportingErrorFilter implements RpcExceptionFilter<ReportingError> {
  catch(error: ReportingError, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toRpcException(error).getError());
  }
}

@Controller()
@UseFilters(ReportingErrorFilter)
export class ReportingGrpcController {
  constructor(private readonly getTeacherCountUseCase: GetTeacherCountUseCase) {}

  @GrpcMethod('ReportingService', 'GetTeacherCount')
  async getTeacherCount(@Payload() request: reporting.GetTeacherCountRequest, @CurrentPrincipal() principal: Principal): Promise<reporting.GetTeacherCountResponse> {
    return this.getTeacherCountUseCase.execute(principal, request.orgId);
  }
}
