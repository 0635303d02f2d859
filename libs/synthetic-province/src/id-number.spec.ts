import fc from 'fast-check';
import { gb11643Valid } from './gb11643.spec-helper.js';
import { BIRTH_DAYS, buildIdNumber, CountyIdAllocator, firstDayOfYear, idNumberCheckChar } from './id-number.js';

describe('GB 11643 ID numbers', () => {
  it('matches the example from the standard', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(gb11643Valid('11010519491231002X')).toBe(true);
  });

  it('builds valid numbers for any region, date and sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 110000, max: 659999 }), fc.integer({ min: 0, max: BIRTH_DAYS - 1 }), fc.integer({ min: 1, max: 999 }), (region, day, seq) => {
        const date = new Date(Date.UTC(1965, 0, 1 + day)).toISOString().slice(0, 10);
        const id = buildIdNumber(String(region), date, seq);
        expect(gb11643Valid(id)).toBe(true);
        expect(id.slice(0, 14)).toBe(`${region}${date.replaceAll('-', '')}`);
      }),
    );
  });

  it('gives unique numbers with the right parity even when one birth day is full', () => {
    const allocator = new CountyIdAllocator('370102');
    const day = firstDayOfYear(1980);
    const men = Array.from({ length: 600 }, (_, i) => allocator.allocate(day, true, i * 7));
    const women = Array.from({ length: 600 }, (_, i) => allocator.allocate(day, false, i * 7));
    const all = [...men, ...women].map((r) => r.idNumber);
    expect(new Set(all).size).toBe(1200);
    for (const { idNumber } of men) expect(Number(idNumber.slice(14, 17)) % 2).toBe(1);
    for (const { idNumber } of women) expect(Number(idNumber.slice(14, 17)) % 2).toBe(0);
    for (const id of all) expect(gb11643Valid(id)).toBe(true);
    // 500 odd sequences fit on 1980-01-01; the rest move to the next day, and the birth date follows.
    expect(men.filter((m) => m.birthDate === '1980-01-01')).toHaveLength(500);
    expect(men.filter((m) => m.birthDate === '1980-01-02')).toHaveLength(100);
    expect(women.filter((w) => w.birthDate === '1980-01-01')).toHaveLength(499);
    for (const r of [...men, ...women]) expect(r.idNumber.slice(6, 14)).toBe(r.birthDate.replaceAll('-', ''));
    expect(all.some((id) => id.slice(14, 17) === '000')).toBe(false);
  });
});
