import fc from 'fast-check';
import { checkCharacter, maskIdNumber, validateIdNumber } from './id-number.js';

const today = new Date('2026-11-23T00:00:00Z');

/** Valid numbers: real region prefix, real birth date, any sequence, correct check character. */
const validIdNumber = fc
  .record({
    region: fc.constantFrom('370102', '110101', '440305', '650102'),
    birth: fc.date({ min: new Date('1940-01-01T00:00:00Z'), max: new Date('2008-12-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, seq }) => {
    const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${region}${date}${String(seq).padStart(3, '0')}`;
    return first17 + checkCharacter(first17);
  });

describe('validateIdNumber', () => {
  it('accepts a known valid number', () => {
    expect(validateIdNumber('11010519491231002X', today)).toBeNull();
  });

  it('accepts every generated valid number', () => {
    fc.assert(fc.property(validIdNumber, (id) => validateIdNumber(id, today) === null));
  });

  it('rejects any single changed digit (the checksum catches it)', () => {
    fc.assert(
      fc.property(validIdNumber, fc.integer({ min: 14, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const digit = (Number(id[pos]) + delta) % 10;
        const changed = id.slice(0, pos) + String(digit) + id.slice(pos + 1);
        return validateIdNumber(changed, today) === 'checksum';
      }),
    );
  });

  it.each([
    ['37010219900101123', 'length'],
    ['3701021990010112A4', 'characters'],
    ['11010519491231002x', 'lowercase_x'],
    ['990102199001011234', 'region'],
    ['370102199002301234', 'birth_date'],
    ['370102203001011234', 'birth_date'],
  ])('rejects %s as %s', (id, problem) => {
    expect(validateIdNumber(id, today)).toBe(problem);
  });
});

describe('maskIdNumber', () => {
  it('keeps the region and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});
