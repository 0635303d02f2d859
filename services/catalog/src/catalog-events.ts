import { topicVersion, type Topic } from '@yanxiu/contracts';
import { enqueueEvents } from '@yanxiu/messaging';
import type { EntityManager } from 'typeorm';

export interface CatalogEvent {
  topic: Topic;
  /** The aggregate id: key and subject. */
  key: string;
  /** Fully qualified message name, e.g. yanxiu.catalog.v1.CourseSaved. */
  type: string;
  payload: Uint8Array;
}

/** Writes catalog's events to its outbox in the caller's transaction (schema version = the topic's vN). */
export async function publish(manager: EntityManager, events: readonly CatalogEvent[]): Promise<void> {
  await enqueueEvents(
    manager,
    'catalog',
    events.map((e) => ({ topic: e.topic, key: e.key, type: e.type, version: topicVersion(e.topic), subject: e.key, payload: e.payload })),
  );
}
