import { escapeLike, jurisdictionFilter } from '@yanxiu/auth';

/** A WHERE clause built from ANDed conditions, values always in parameters. */
export class WhereClause {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  and(sql: string, ...params: unknown[]): this {
    this.conditions.push(sql);
    this.params.push(...params);
    return this;
  }

  /** Rows whose org path is `orgPath` or below it: the jurisdiction filter of @yanxiu/auth. */
  inSubtree(column: string, orgPath: string): this {
    const filter = jurisdictionFilter(column, orgPath);
    return this.and(filter.sql, ...filter.params);
  }

  contains(column: string, text: string): this {
    return this.and(`${column} LIKE ?`, `%${escapeLike(text)}%`);
  }

  startsWith(column: string, text: string): this {
    return this.and(`${column} LIKE ?`, `${escapeLike(text)}%`);
  }

  /** A copy with one more condition, e.g. the keyset position of a page, leaving this one for the count. */
  with(sql: string, params: readonly unknown[]): WhereClause {
    const copy = new WhereClause();
    copy.conditions.push(...this.conditions, sql);
    copy.params.push(...this.params, ...params);
    return copy;
  }

  get sql(): string {
    return this.conditions.length > 0 ? this.conditions.join(' AND ') : 'TRUE';
  }
}
