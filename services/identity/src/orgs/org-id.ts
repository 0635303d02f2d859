import { createHash } from 'node:crypto';

/**
 * Stable ids for the orgs that operations seed (province, cities): a name-based UUID (v5 layout)
 * of the org path, so every environment and test knows them without a lookup.
 */
export function seededOrgId(path: string): string {
  const hash = createHash('sha1').update(`yanxiu-org:${path}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
