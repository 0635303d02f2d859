/**
 * Chinese resident ID numbers (GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence (odd = male, even = female), and an ISO 7064 MOD 11-2 check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Province-level codes that begin every valid region code. */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export type IdNumberProblem = 'length' | 'characters' | 'lowercase_x' | 'region' | 'birth_date' | 'checksum';

export const idNumberProblemText: Record<IdNumberProblem, string> = {
  length: '身份证号必须为18位',
  characters: '身份证号前17位必须为数字，最后一位为数字或大写X',
  lowercase_x: '身份证号末位X必须大写',
  region: '身份证号前6位不是有效的行政区划代码',
  birth_date: '身份证号中的出生日期无效',
  checksum: '身份证号校验位不正确',
};

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Returns the first problem found, or null for a valid number. `today` bounds the birth date. */
export function validateIdNumber(value: string, today: Date = new Date()): IdNumberProblem | null {
  if (value.length !== 18) return 'length';
  if (/^\d{17}x$/.test(value)) return 'lowercase_x';
  if (!/^\d{17}[\dX]$/.test(value)) return 'characters';
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return 'region';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1900 || birth.getTime() > today.getTime()) return 'birth_date';
  if (checkCharacter(value.slice(0, 17)) !== value[17]) return 'checksum';
  return null;
}

/** e.g. 370102********1234: region visible for admins' orientation, birth date hidden. */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 6)}********${value.slice(14)}`;
}
