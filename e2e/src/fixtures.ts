import { createHash, randomInt } from 'node:crypto';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid GB 11643 ID number in the given county, born 1970–1999 (test data only). */
export function randomIdNumber(county = '370102'): string {
  const birth = `${randomInt(1970, 2000)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const first17 = `${county}${birth}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 300));
    last = await probe();
  }
  return last;
}

/** Same derivation as identity's seeded org ids (a name-based UUID of the path), so tests know them without a lookup. */
export function seededOrgId(orgPath: string): string {
  const hash = createHash('sha1').update(`yanxiu-org:${orgPath}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
