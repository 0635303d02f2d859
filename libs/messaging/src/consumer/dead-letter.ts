import type { Message, Producer } from 'kafkajs';

export const DeadLetterHeader = {
  error: 'dlq-error',
  consumerGroup: 'dlq-consumer-group',
  originalOffset: 'dlq-original-offset',
  originalPartition: 'dlq-original-partition',
} as const;

const MAX_ERROR_LENGTH = 2000;

/** Where messages of `topic` that cannot be applied are parked (declared next to it in deploy/kafka/topics.txt). */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export interface DeadLetterCause {
  reason: string;
  consumerGroup: string;
  partition: number;
  offset: string;
}

/** The original headers plus why, where and by whom the message was parked, so it can be inspected and replayed. */
export function deadLetterHeaders(original: Readonly<Record<string, string>>, cause: DeadLetterCause): Record<string, string> {
  return {
    ...original,
    [DeadLetterHeader.error]: cause.reason.slice(0, MAX_ERROR_LENGTH),
    [DeadLetterHeader.consumerGroup]: cause.consumerGroup,
    [DeadLetterHeader.originalOffset]: cause.offset,
    [DeadLetterHeader.originalPartition]: String(cause.partition),
  };
}

/** Parks a message of `topic` on its dead-letter topic: key and value as they came, the headers of `deadLetterHeaders`, acknowledged by all in-sync replicas. */
export async function parkOnDeadLetterTopic(producer: Producer, topic: string, message: Pick<Message, 'key' | 'value'>, headers: Readonly<Record<string, string>>, cause: DeadLetterCause): Promise<void> {
  await producer.send({
    topic: deadLetterTopic(topic),
    acks: -1,
    messages: [{ key: message.key, value: message.value, headers: deadLetterHeaders(headers, cause) }],
  });
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
