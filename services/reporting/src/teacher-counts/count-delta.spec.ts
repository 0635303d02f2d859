import fc from 'fast-check';
import { countDeltas } from './count-delta.js';

describe('countDeltas', () => {
  it('touches only the ancestors that differ', () => {
    expect(countDeltas({ orgPath: '/37/3701/370102/S0001', counted: true }, { orgPath: '/37/3701/370103/S0003', counted: true })).toEqual([
      { orgPath: '/37/3701/370102', direct: 0, total: -1 },
      { orgPath: '/37/3701/370102/S0001', direct: -1, total: -1 },
      { orgPath: '/37/3701/370103', direct: 0, total: 1 },
      { orgPath: '/37/3701/370103/S0003', direct: 1, total: 1 },
    ]);
  });

  it('counts a teacher back in from the departed pool everywhere, and out on departure', () => {
    expect(countDeltas({ orgPath: '/37/3702/370202/S0004', counted: false }, { orgPath: '/37/3701/370102/S0001', counted: true }).map((d) => d.total)).toEqual([1, 1, 1, 1]);
    expect(countDeltas({ orgPath: '/37/3701/370102/S0001', counted: true }, { orgPath: '/37/3701/370102/S0001', counted: false }).map((d) => d.total)).toEqual([-1, -1, -1, -1]);
    expect(countDeltas({ orgPath: '/37/3701/370102/S0001', counted: true }, { orgPath: '/37/3701/370102/S0001', counted: true })).toEqual([]);
  });

  it('conserves the province total on any in-service move and changes direct counts at the two units only', () => {
    const unit = fc.tuple(fc.constantFrom('01', '02'), fc.constantFrom('01', '02'), fc.constantFrom('S0001', 'S0002')).map(([c, k, s]) => `/37/37${c}/37${c}${k}/${s}`);
    fc.assert(
      fc.property(unit, unit, (a, b) => {
        const deltas = countDeltas({ orgPath: a, counted: true }, { orgPath: b, counted: true });
        return deltas.every((d) => d.orgPath !== '/37') && deltas.every((d) => d.direct === 0 || d.orgPath === a || d.orgPath === b);
      }),
    );
  });
});
