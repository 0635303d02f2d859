import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { IdentityError, toRpcException } from './identity.error.js';

/** Turns domain refusals into gRPC statuses the gateway maps to HTTP. */
@Catch(IdentityError)
export class IdentityErrorFilter implements RpcExceptionFilter<IdentityError> {
  catch(error: IdentityError, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toRpcException(error).getError());
  }
}
