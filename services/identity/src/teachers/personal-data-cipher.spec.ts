import { randomBytes } from 'node:crypto';
import { PersonalDataCipher } from './personal-data-cipher.js';

const key = () => randomBytes(32).toString('hex');

describe('PersonalDataCipher', () => {
  const cipher = new PersonalDataCipher(key(), key());

  it('round-trips and never stores the plain value', () => {
    const sealed = cipher.encrypt('370102199001011234');
    expect(sealed.toString('utf8')).not.toContain('370102199001011234');
    expect(cipher.decrypt(sealed)).toBe('370102199001011234');
  });

  it('encrypts the same value differently each time but hashes it the same', () => {
    expect(cipher.encrypt('x').equals(cipher.encrypt('x'))).toBe(false);
    expect(cipher.lookupHash('x')).toBe(cipher.lookupHash('x'));
  });

  it('detects tampering', () => {
    const sealed = cipher.encrypt('13800000000');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('rejects keys of the wrong size', () => {
    expect(() => new PersonalDataCipher('abcd', key())).toThrow('32 bytes');
  });
});
