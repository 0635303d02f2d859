import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';

export interface InstrumentationOptions {
  /**
   * Paths of hot routes and the share of their requests traced (0–1): the player's heartbeats
   * are too many, and too alike, for a span each to be worth its CPU.
   */
  sampledPaths?: Readonly<Record<string, number>>;
}

/** The four hops a request crosses: HTTP → gRPC → Kafka → MySQL. */
export function getNodeAutoInstrumentations({ sampledPaths = {} }: InstrumentationOptions = {}) {
  const untraced = (url: string | undefined) => {
    if (url === undefined) return false;
    if (url.startsWith('/health') || url === '/metrics') return true;
    const ratio = sampledPaths[url.split('?', 1)[0]!];
    return ratio !== undefined && Math.random() >= ratio;
  };
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => untraced(req.url) }),
    new GrpcInstrumentation(),
    new KafkaJsInstrumentation(),
    new MySQL2Instrumentation(),
  ];
}
