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

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
