import { metrics } from '@yanxiu/observability';

export const outboxPublishedEvents = metrics.counter('outbox_published_events_total', 'Outbox events published to Kafka, counted once marked published.', ['topic']);

export const consumerEvents = metrics.counter('consumer_events_total', 'Events a consumer group settled: applied, duplicate (already in its inbox) or dead_lettered.', [
  'group',
  'topic',
  'outcome',
]);

/**
 * Read from each running relay and consumer when Prometheus scrapes, so they cost nothing between
 * scrapes. A failed read fails the scrape with its reason rather than report a stale value.
 */
export const outboxBacklogReaders = new Set<() => Promise<number>>();
export const consumerLagReaders = new Set<() => Promise<ConsumerLag[]>>();

export interface ConsumerLag {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

metrics.gauge('outbox_pending_events', 'Outbox events not yet published (every relay replica reports the same backlog: aggregate with max).', [], async function () {
  const backlogs = await Promise.all([...outboxBacklogReaders].map((read) => read()));
  this.set(backlogs.reduce((sum, backlog) => sum + backlog, 0));
});

metrics.gauge(
  'consumer_lag',
  "Messages a consumer group has not committed yet, per partition (every member reports the whole group's lag: aggregate with max).",
  ['group', 'topic', 'partition'],
  async function () {
    const lags = (await Promise.all([...consumerLagReaders].map((read) => read()))).flat();
    // Partitions of groups that stopped disappear instead of reporting their last lag forever.
    this.reset();
    for (const { group, topic, partition, lag } of lags) this.set({ group, topic, partition }, lag);
  },
);
