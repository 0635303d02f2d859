import fc from 'fast-check';
import { encodeToken, keysetCondition, orderByClause, pageOf, pageQuery, type SortColumn } from './page.js';

const order: SortColumn[] = [{ sql: 't.org_path' }, { sql: 't.name' }, { sql: 't.id' }];

describe('pageQuery', () => {
  it('defaults the page size and starts at the beginning', () => {
    expect(pageQuery({ pageSize: 0, pageToken: '' }, order)).toEqual({ pageSize: 100, after: null });
  });

  it.each([501, 1.5, -1])('refuses page_size %p', (pageSize) => {
    expect(() => pageQuery({ pageSize, pageToken: '' }, order)).toThrow(/page_size must be 1–500/);
  });

  it('reads back the token of a sort key', () => {
    const key = ['/37/3701/370102/S0001', '王芳', 'b7c2…'];
    expect(pageQuery({ pageSize: 20, pageToken: encodeToken(key) }, order)).toEqual({ pageSize: 20, after: key });
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['a key of another list', encodeToken(['/37'])],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['a nested value', encodeToken([['x'], 'y', 'z'] as unknown as string[])],
  ])('refuses %s as page_token', (_, pageToken) => {
    expect(() => pageQuery({ pageSize: 10, pageToken }, order)).toThrow(/page_token is not valid/);
  });
});

describe('keysetCondition', () => {
  it('continues after the last row in a multi-column order, descending columns with <', () => {
    expect(keysetCondition([{ sql: 'year', descending: true }, { sql: 'org_path' }], [2027, '/37'])).toEqual({
      sql: '((year < ?) OR (year = ? AND org_path > ?))',
      params: [2027, 2027, '/37'],
    });
    expect(orderByClause([{ sql: 'year', descending: true }, { sql: 'org_path' }])).toBe('year DESC, org_path');
  });

  it('selects exactly the rows after the key, as the ORDER BY sorts them', () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => r.join() }), row, (rows, after) => {
        const { sql, params } = keysetCondition([{ sql: 'a' }, { sql: 'b', descending: true }, { sql: 'c' }], after);
        // Interpret the generated `(… OR …)` of `(x op ? AND …)` branches over each row.
        const evaluate = (r: number[]) => {
          let i = 0;
          return sql
            .slice(1, -1)
            .split(' OR ')
            .map((branch) =>
              branch
                .slice(1, -1)
                .split(' AND ')
                .map((term) => {
                  const [column, op] = term.split(' ') as [string, string];
                  const value = r['abc'.indexOf(column)]!;
                  const param = params[i++] as number;
                  return op === '=' ? value === param : op === '<' ? value < param : value > param;
                })
                .every(Boolean),
            )
            .some(Boolean);
        };
        const later = (r: number[]) => r[0]! > after[0] || (r[0] === after[0] && (r[1]! < after[1] || (r[1] === after[1] && r[2]! > after[2])));
        return rows.every((r) => evaluate(r) === later(r));
      }),
    );
  });
});

describe('pageOf', () => {
  it('gives a next token only when an extra row was fetched', () => {
    const query = { pageSize: 2, after: null };
    const key = (r: { id: string }) => [r.id];
    expect(pageOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }], query, 7, key)).toEqual({ items: [{ id: 'a' }, { id: 'b' }], nextPageToken: encodeToken(['b']), total: 7 });
    expect(pageOf([{ id: 'a' }, { id: 'b' }], query, 2, key)).toEqual({ items: [{ id: 'a' }, { id: 'b' }], nextPageToken: '', total: 2 });
  });
});
