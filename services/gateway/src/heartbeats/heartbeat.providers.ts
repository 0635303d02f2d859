import type { Provider } from '@nestjs/common';
import { BatchingProducer, createKafka } from '@yanxiu/messaging';
import { createLogger } from '@yanxiu/observability';
import type { GatewayConfig } from '../gateway.config.js';
import { HeartbeatPublisher } from './heartbeat.publisher.js';

export function heartbeatProviders(config: GatewayConfig): Provider[] {
  return [
    {
      provide: HeartbeatPublisher,
      useFactory: () => {
        const logger = createLogger('gateway', config.LOG_LEVEL);
        const producer = new BatchingProducer({
          kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }),
          logger,
          topic: config.HEARTBEAT_TOPIC,
          producer: 'gateway',
          lingerMs: config.HEARTBEAT_LINGER_MS,
          maxPendingMessages: config.HEARTBEAT_MAX_PENDING,
        });
        return new HeartbeatPublisher(producer, logger);
      },
    },
  ];
}
