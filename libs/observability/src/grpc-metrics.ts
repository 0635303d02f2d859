import { ResponderBuilder, ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';
import { metrics } from './metrics.js';

const grpcHandlingDuration = metrics.histogram('grpc_server_handling_seconds', 'gRPC calls handled, by service, method and status code.', ['service', 'method', 'code']);

/** `/yanxiu.identity.v1.IdentityService/GetTeacher` → service `yanxiu.identity.v1.IdentityService`, method `GetTeacher`. */
export function grpcMethodLabels(path: string): { service: string; method: string } {
  const [service = path, method = ''] = path.replace(/^\//, '').split('/');
  return { service, method };
}

/**
 * Times each gRPC call until its status is sent. A grpc-js server interceptor (passed in the
 * microservice's `channelOptions.interceptors`), not a Nest interceptor: only here is the final
 * status known, after the exception filters have mapped domain errors to codes.
 */
export const grpcServerMetrics: ServerInterceptor = (methodDescriptor, call) => {
  const labels = grpcMethodLabels(methodDescriptor.path);
  const started = performance.now();
  return new ServerInterceptingCall(
    call,
    new ResponderBuilder()
      .withSendStatus((sent, next) => {
        grpcHandlingDuration.observe({ ...labels, code: status[sent.code] }, (performance.now() - started) / 1000);
        next(sent);
      })
      .build(),
  );
};
