import type { EntityManager } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import type { WhereClause } from './where-clause.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

type KeyValue = string | number;

/** One column of a list's sort order; the last one must make the order total (a unique column). */
export interface SortColumn {
  sql: string;
  descending?: boolean;
}

/** page_size (0 = default) and page_token (empty = first page) as every list request carries them. */
export interface PageRequest {
  pageSize: number;
  pageToken: string;
}

/** What a list request asks for: how many rows, and after which sort key (null = from the start). */
export interface PageQuery {
  pageSize: number;
  after: readonly KeyValue[] | null;
}

export interface Page<T> {
  items: T[];
  /** Empty on the last page. */
  nextPageToken: string;
  /** Every row matching the filters, over all pages. */
  total: number;
}

/**
 * Reads page_size and page_token. Tokens are keyset positions (the last row's sort key), so a page
 * costs the same at row 10 and at row 1,000,000 and rows added meanwhile neither repeat nor vanish.
 */
export function pageQuery(request: PageRequest, order: readonly SortColumn[]): PageQuery {
  const pageSize = request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new IdentityError('invalid_argument', `page_size must be 1–${MAX_PAGE_SIZE}, got ${request.pageSize}`);
  }
  if (!request.pageToken) return { pageSize, after: null };
  const after = decodeToken(request.pageToken);
  if (!after || after.length !== order.length) {
    throw new IdentityError('invalid_argument', 'page_token is not valid: pass the next_page_token of the previous page unchanged');
  }
  return { pageSize, after };
}

function decodeToken(token: string): KeyValue[] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number') ? value : null;
  } catch {
    return null;
  }
}

export function encodeToken(key: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** `(a > ?) OR (a = ? AND b > ?) OR …`: the rows after `after` in `order` (`<` for descending columns). */
export function keysetCondition(order: readonly SortColumn[], after: readonly KeyValue[]): { sql: string; params: KeyValue[] } {
  const branches: string[] = [];
  const params: KeyValue[] = [];
  order.forEach((column, i) => {
    const equal = order.slice(0, i).map((c) => `${c.sql} = ?`);
    branches.push(`(${[...equal, `${column.sql} ${column.descending ? '<' : '>'} ?`].join(' AND ')})`);
    params.push(...after.slice(0, i + 1));
  });
  return { sql: `(${branches.join(' OR ')})`, params };
}

export function orderByClause(order: readonly SortColumn[]): string {
  return order.map((c) => `${c.sql}${c.descending ? ' DESC' : ''}`).join(', ');
}

/** Builds the page from up to pageSize + 1 fetched rows: the extra row only says that more follow. */
export function pageOf<T>(rows: T[], query: PageQuery, total: number, keyOf: (row: T) => KeyValue[]): Page<T> {
  const items = rows.slice(0, query.pageSize);
  const last = items.at(-1);
  return { items, nextPageToken: rows.length > query.pageSize && last ? encodeToken(keyOf(last)) : '', total };
}

export interface PagedSelect<R> {
  /** `teachers t` or `teachers t LEFT JOIN … ON … = ?`: what both the count and the page read from. */
  from: string;
  /** Values of the placeholders in `from`. */
  fromParams?: readonly unknown[];
  columns: string;
  where: WhereClause;
  order: readonly SortColumn[];
  /** The sort key of a fetched row, in `order`'s order: what the next page token holds. */
  keyOf: (row: R) => KeyValue[];
}

/** Counts the matching rows and fetches one page of them. */
export async function fetchPage<R>(manager: EntityManager, select: PagedSelect<R>, query: PageQuery): Promise<Page<R>> {
  const fromParams = select.fromParams ?? [];
  const counted: { n: number | string }[] = await manager.query(`SELECT COUNT(*) AS n FROM ${select.from} WHERE ${select.where.sql}`, [...fromParams, ...select.where.params]);
  const keyset = query.after ? keysetCondition(select.order, query.after) : null;
  const where = keyset ? select.where.with(keyset.sql, keyset.params) : select.where;
  const rows: R[] = await manager.query(`SELECT ${select.columns} FROM ${select.from} WHERE ${where.sql} ORDER BY ${orderByClause(select.order)} LIMIT ?`, [
    ...fromParams,
    ...where.params,
    query.pageSize + 1,
  ]);
  return pageOf(rows, query, Number(counted[0]?.n ?? 0), select.keyOf);
}
