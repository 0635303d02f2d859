import { metrics } from '@yanxiu/observability';

export const streamProducedMessages = metrics.counter(
  'stream_produced_messages_total',
  'Messages a batching producer settled: acknowledged by Kafka, failed (sender told to retry) or refused (too many waiting).',
  ['topic', 'outcome'],
);

const pendingReaders = new Set<() => Promise<number>>();

/** Messages accepted by batching producers and not yet acknowledged, read when Prometheus scrapes. */
export const streamPendingMessages = {
  readers: pendingReaders,
  gauge: metrics.gauge('stream_pending_messages', 'Messages a batching producer accepted that Kafka has not acknowledged yet.', [], async function () {
    const pending = await Promise.all([...pendingReaders].map((read) => read()));
    this.set(pending.reduce((sum, n) => sum + n, 0));
  }),
};

export const streamConsumedMessages = metrics.counter(
  'stream_consumed_messages_total',
  'Messages a batch consumer applied (in a committed flush) or parked on the dead-letter topic.',
  ['group', 'topic', 'outcome'],
);

export const streamFlushes = metrics.histogram('stream_flush_seconds', 'Time a batch consumer took to apply one flush (several partitions at once).', ['group'], [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
]);
