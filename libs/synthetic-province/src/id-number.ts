/** GB 11643-1999 citizen ID numbers: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), check char. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character (ISO 7064 MOD 11-2) for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`expected 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS.charAt(sum % 11);
}

export function buildIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** First day of the birth-date range and the number of days in it (1965-01-01 … 2001-12-31). */
export const BIRTH_FIRST_YEAR = 1965;
export const BIRTH_LAST_YEAR = 2001;

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(BIRTH_FIRST_YEAR, 0, 1);
export const BIRTH_DAYS = Math.round((Date.UTC(BIRTH_LAST_YEAR + 1, 0, 1) - FIRST_DAY) / DAY_MS);

/** "YYYY-MM-DD" for every day of the range, computed once. */
const BIRTH_DATES: readonly string[] = Array.from({ length: BIRTH_DAYS }, (_, i) => new Date(FIRST_DAY + i * DAY_MS).toISOString().slice(0, 10));

export function birthDateOfDay(day: number): string {
  const date = BIRTH_DATES[day];
  if (date === undefined) throw new Error(`day ${day} is outside the birth-date range`);
  return date;
}

/** Day index of the first day of `year` inside the range. */
export function firstDayOfYear(year: number): number {
  return Math.round((Date.UTC(year, 0, 1) - FIRST_DAY) / DAY_MS);
}

/**
 * Hands out ID numbers unique within one county: one bit per (birth day, sequence). A taken
 * sequence moves to the next one of the same parity, a full day to the next day, so the result
 * stays deterministic without retry loops that depend on luck.
 */
export class CountyIdAllocator {
  private readonly used = new Uint8Array(Math.ceil((BIRTH_DAYS * 1000) / 8));
  private count = 0;

  constructor(private readonly countyCode: string) {}

  /** Returns the ID number and the birth date actually used (moved on only when a day is full). */
  allocate(day: number, male: boolean, sequenceHint: number): { idNumber: string; birthDate: string } {
    // 500 odd sequences (001…999) for men, 499 even ones (002…998) for women; 000 is never issued.
    const slots = male ? 500 : 499;
    if (this.count >= BIRTH_DAYS * 499) throw new Error(`county ${this.countyCode}: ID number space exhausted`);
    for (let d = 0; d < BIRTH_DAYS; d++) {
      const dayIndex = (day + d) % BIRTH_DAYS;
      for (let k = 0; k < slots; k++) {
        const slot = (sequenceHint + k) % slots;
        const sequence = male ? 2 * slot + 1 : 2 * slot + 2;
        const bit = dayIndex * 1000 + sequence;
        const byte = bit >>> 3;
        const mask = 1 << (bit & 7);
        if (((this.used[byte] as number) & mask) === 0) {
          this.used[byte] = (this.used[byte] as number) | mask;
          this.count++;
          const birthDate = birthDateOfDay(dayIndex);
          return { idNumber: buildIdNumber(this.countyCode, birthDate, sequence), birthDate };
        }
      }
    }
    throw new Error(`county ${this.countyCode}: no free ID number for this gender`);
  }
}
