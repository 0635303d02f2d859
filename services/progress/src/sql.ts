import type { EntityManager } from 'typeorm';

/** What repositories need of a transaction: statements. Narrow, so a flush can count them. */
export type Sql = Pick<EntityManager, 'query'>;

/** Runs every statement through `manager` and counts it (the heartbeat path's statements-per-heartbeat metric). */
export function countingSql(manager: EntityManager, count: () => void): Sql {
  return {
    query: (query: string, parameters?: unknown[]) => {
      count();
      return manager.query(query, parameters);
    },
  };
}

/** `(?, ?), (?, ?)` for `rows` rows of `columns` values. */
export function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}
