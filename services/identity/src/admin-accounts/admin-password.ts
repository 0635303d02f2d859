import { randomInt } from 'node:crypto';

// Without look-alikes (l/1/I, O/0), since the password is read out or copied by hand once.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '!#$%&*+-=?@_';
const ALL = LOWER + UPPER + DIGITS + SPECIAL;

const pick = (alphabet: string): string => alphabet[randomInt(alphabet.length)] ?? '';

/**
 * A random initial password for a new admin account, or after a reset: every character class the
 * admin password policy asks for (ADR 0011), from a CSPRNG, well above its minimum length. It is
 * shown once and must be changed at the first login.
 */
export function generateAdminPassword(length = 16): string {
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SPECIAL)];
  while (chars.length < length) chars.push(pick(ALL));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
