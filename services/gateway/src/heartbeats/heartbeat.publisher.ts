import { ServiceUnavailableException, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { heartbeat } from '@yanxiu/contracts';
import { ProducerOverloadedError, type BatchingProducer } from '@yanxiu/messaging';
import type { Logger } from '@yanxiu/observability';

const RECONNECT_MS = 5000;

/**
 * Puts accepted heartbeat batches on progress.heartbeat.received.v1, keyed by teacher, and returns
 * only once Kafka acknowledged them (see docs/decisions for what the 202 promises). Kafka being
 * away makes heartbeats answer 503 (the player keeps and resends its segments); every other route
 * of the gateway keeps working, so Kafka is not part of the gateway's readiness.
 */
export class HeartbeatPublisher implements OnModuleInit, OnApplicationShutdown {
  private stopped = false;
  private reconnect: NodeJS.Timeout | undefined;

  constructor(
    private readonly producer: BatchingProducer,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    await this.producer.stop();
  }

  async publish(teacherId: string, segments: heartbeat.WatchSegment[], receivedAtMs: number): Promise<void> {
    if (!this.producer.started) throw new ServiceUnavailableException('heartbeats_unavailable: the heartbeat stream is not connected yet; resend these segments later');
    const payload = heartbeat.HeartbeatReceived.encode({ teacherId, receivedAtMs, segments }).finish();
    try {
      await this.producer.send({ key: teacherId, type: 'yanxiu.progress.v1.HeartbeatReceived', version: 1, subject: teacherId, payload });
    } catch (error) {
      if (error instanceof ProducerOverloadedError) throw new ServiceUnavailableException('heartbeats_overloaded: too many heartbeats are waiting for storage; resend these segments later');
      throw new ServiceUnavailableException('heartbeats_not_stored: the heartbeat stream did not acknowledge these segments; resend them');
    }
  }

  private connect(): void {
    this.producer.start().then(
      () => this.logger.info('heartbeat stream connected'),
      (error: unknown) => {
        this.logger.error({ err: error }, `heartbeat stream: cannot connect to Kafka; heartbeats answer 503, retrying in ${RECONNECT_MS} ms`);
        if (!this.stopped) this.reconnect = setTimeout(() => this.connect(), RECONNECT_MS);
      },
    );
  }
}
