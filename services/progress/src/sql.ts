import { enqueueEvents, type OutgoingEvent } from '@yanxiu/messaging';
import type { EntityManager } from 'typeorm';

/**
 * What repositories and use cases need of a transaction: statements, and outbox events that commit
 * with it. Narrower than an EntityManager so a flush can count every statement it makes.
 */
export interface Sql {
  query: EntityManager['query'];
  enqueue(events: readonly OutgoingEvent[]): Promise<void>;
}

export const PRODUCER = 'progress';

/** The transaction behind `manager`, optionally counting each statement (the heartbeat path's statements-per-heartbeat metric). */
export function sqlOf(manager: EntityManager, count: () => void = () => undefined): Sql {
  return {
    query: (query: string, parameters?: unknown[]) => {
      count();
      return manager.query(query, parameters);
    },
    enqueue: async (events) => {
      if (events.length === 0) return;
      count();
      await enqueueEvents(manager, PRODUCER, events);
    },
  };
}

/** `(?, ?), (?, ?)` for `rows` rows of `columns` values. */
export function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** MySQL's answer to INSERT / UPDATE / DELETE. */
export interface WriteResult {
  affectedRows: number;
}
