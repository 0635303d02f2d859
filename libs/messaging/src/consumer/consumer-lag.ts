import type { Admin } from 'kafkajs';
import type { ConsumerLag } from '../metrics.js';

export interface PartitionLag {
  partition: number;
  lag: number;
}

/** Kafka offsets are int64 strings; lags fit comfortably in a double. */
export interface PartitionEnds {
  partition: number;
  low: string;
  high: string;
}
export interface CommittedOffset {
  partition: number;
  /** '-1' while the group has committed nothing on the partition. */
  offset: string;
}

/**
 * Messages of each partition the group has yet to commit: the high watermark minus the committed
 * offset. Without a commit, the group starts at the beginning (everything retained is lag) or at
 * the end (nothing is), as the consumer was configured.
 */
export function partitionLags(ends: readonly PartitionEnds[], committed: readonly CommittedOffset[], fromBeginning: boolean): PartitionLag[] {
  const committedBy = new Map(committed.map(({ partition, offset }) => [partition, Number(offset)]));
  return ends.map(({ partition, low, high }) => {
    const offset = committedBy.get(partition) ?? -1;
    const from = offset >= 0 ? offset : fromBeginning ? Number(low) : Number(high);
    return { partition, lag: Math.max(0, Number(high) - from) };
  });
}

/** Every partition's lag of a consumer group over its topics (what the consumer_lag metric and KEDA read). */
export async function readGroupLag(admin: Admin, groupId: string, topics: string[], fromBeginning: boolean): Promise<ConsumerLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const lags = await Promise.all(
    committed.map(async ({ topic, partitions }) => partitionLags(await admin.fetchTopicOffsets(topic), partitions, fromBeginning).map((lag) => ({ group: groupId, topic, ...lag }))),
  );
  return lags.flat();
}
