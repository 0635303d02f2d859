import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';

/** The four hops a request crosses: HTTP → gRPC → Kafka → MySQL. */
export function getNodeAutoInstrumentations() {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url?.startsWith('/health') === true || req.url === '/metrics' }),
    new GrpcInstrumentation(),
    new KafkaJsInstrumentation(),
    new MySQL2Instrumentation(),
  ];
}
