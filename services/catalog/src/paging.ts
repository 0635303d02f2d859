import { CatalogError } from './catalog.error.js';

/** Opaque keyset page tokens: base64url JSON of the last row's sort key. */
export function encodePageToken(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodePageToken<K extends string>(token: string, fields: readonly K[]): Record<K, string> | null {
  if (!token) return null;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (fields.every((f) => typeof parsed[f] === 'string')) return parsed as Record<K, string>;
  } catch {
    // fall through to the refusal below
  }
  throw new CatalogError('invalid_argument', 'page_token is not one this service issued');
}

/** page_size within [1, max], 0 = default. */
export function pageSize(requested: number, fallback: number, max: number): number {
  if (requested === 0) return fallback;
  if (!Number.isInteger(requested) || requested < 1 || requested > max) throw new CatalogError('invalid_argument', `page_size must be 1–${max}`);
  return requested;
}
