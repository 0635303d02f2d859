import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { CatalogError, toRpcException } from './catalog.error.js';

/** Turns domain refusals into gRPC statuses the gateway maps to HTTP. */
@Catch(CatalogError)
export class CatalogErrorFilter implements RpcExceptionFilter<CatalogError> {
  catch(error: CatalogError, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toRpcException(error).getError());
  }
}
