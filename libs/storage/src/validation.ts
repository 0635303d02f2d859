/** A caller passed something object storage would reject or that must never reach it. */
export class StorageInputError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'StorageInputError';
  }
}

/** Presigned URLs live at least a minute and at most 7 days (SigV4's limit). */
export const MIN_EXPIRES_IN_SECONDS = 60;
export const MAX_EXPIRES_IN_SECONDS = 7 * 24 * 60 * 60;
/** S3's limits: part numbers 1–10000, keys up to 1024 bytes of UTF-8. */
export const MAX_PART_NUMBER = 10_000;
export const MAX_KEY_BYTES = 1024;

// C0 controls and DEL: invisible in logs and consoles, and some S3 implementations reject them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** S3 bucket naming rules (the DNS-compatible subset MinIO and AWS both accept). */
export function assertBucket(bucket: unknown): asserts bucket is string {
  if (typeof bucket !== 'string' || bucket.length === 0) throw new StorageInputError('bucket', 'is required');
  if (bucket.length < 3 || bucket.length > 63) throw new StorageInputError('bucket', `must be 3-63 characters, got ${bucket.length}`);
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw new StorageInputError('bucket', `"${bucket}" must be lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit`);
  }
}

/**
 * Object keys are '/'-separated paths relative to the bucket: no leading slash, no empty,
 * "." or ".." segments (a key must never be able to climb out of the prefix a service built),
 * no control characters, at most 1024 bytes of UTF-8.
 */
export function assertObjectKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) throw new StorageInputError('key', 'is required');
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) throw new StorageInputError('key', `must be at most ${MAX_KEY_BYTES} bytes of UTF-8, got ${bytes}`);
  if (key.startsWith('/')) throw new StorageInputError('key', `"${key}" must not start with "/"`);
  if (CONTROL_CHARS.test(key)) throw new StorageInputError('key', 'must not contain control characters');
  if (key.includes('\\')) throw new StorageInputError('key', `"${key}" must not contain "\\" (use "/" to separate segments)`);
  for (const segment of key.split('/')) {
    if (segment === '..' || segment === '.') throw new StorageInputError('key', `"${key}" must not contain "${segment}" segments`);
    if (segment === '') throw new StorageInputError('key', `"${key}" must not contain empty segments ("//" or a trailing "/")`);
  }
}

export function assertExpiresIn(seconds: unknown): asserts seconds is number {
  if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
    throw new StorageInputError('expiresInSeconds', `must be a whole number of seconds, got ${String(seconds)}`);
  }
  if (seconds < MIN_EXPIRES_IN_SECONDS || seconds > MAX_EXPIRES_IN_SECONDS) {
    throw new StorageInputError('expiresInSeconds', `must be between ${MIN_EXPIRES_IN_SECONDS} and ${MAX_EXPIRES_IN_SECONDS} (7 days), got ${seconds}`);
  }
}

export function assertPartNumber(partNumber: unknown, field = 'partNumber'): asserts partNumber is number {
  if (typeof partNumber !== 'number' || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new StorageInputError(field, `must be a whole number between 1 and ${MAX_PART_NUMBER}, got ${String(partNumber)}`);
  }
}

/** A MIME type such as "video/mp4" or "text/plain; charset=utf-8". */
export function assertContentType(contentType: unknown): asserts contentType is string {
  if (typeof contentType !== 'string' || contentType.length === 0) throw new StorageInputError('contentType', 'is required');
  if (!/^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/.test(contentType)) {
    throw new StorageInputError('contentType', `"${contentType}" is not a MIME type like "video/mp4"`);
  }
}

export function assertUploadId(uploadId: unknown): asserts uploadId is string {
  if (typeof uploadId !== 'string' || uploadId.trim().length === 0) throw new StorageInputError('uploadId', 'is required');
}

export interface CompletedPart {
  partNumber: number;
  /** The ETag response header of the part's PUT, quotes included or not. */
  etag: string;
}

/** Checks the parts of a multipart upload and returns them in ascending part order, as S3 requires. */
export function normalizeParts(parts: unknown): CompletedPart[] {
  if (!Array.isArray(parts) || parts.length === 0) throw new StorageInputError('parts', 'must list at least one uploaded part');
  if (parts.length > MAX_PART_NUMBER) throw new StorageInputError('parts', `must list at most ${MAX_PART_NUMBER} parts`);
  const seen = new Set<number>();
  const result = parts.map((part: unknown, i): CompletedPart => {
    const { partNumber, etag } = (part ?? {}) as Partial<CompletedPart>;
    assertPartNumber(partNumber, `parts[${i}].partNumber`);
    if (typeof etag !== 'string' || etag.replace(/"/g, '').trim().length === 0) {
      throw new StorageInputError(`parts[${i}].etag`, 'is required (the ETag header of the part upload response)');
    }
    if (seen.has(partNumber)) throw new StorageInputError(`parts[${i}].partNumber`, `part ${partNumber} is listed twice`);
    seen.add(partNumber);
    return { partNumber, etag };
  });
  return result.sort((a, b) => a.partNumber - b.partNumber);
}

/**
 * A Content-Disposition value that makes browsers save the object as `fileName`: an ASCII
 * fallback for old clients plus the RFC 5987 UTF-8 form, so Chinese names survive.
 */
export function attachmentDisposition(fileName: string): string {
  if (typeof fileName !== 'string' || fileName.trim().length === 0) throw new StorageInputError('downloadFileName', 'must not be empty');
  if (CONTROL_CHARS.test(fileName)) throw new StorageInputError('downloadFileName', 'must not contain control characters');
  // Browsers drop directories anyway; keep only the last segment.
  const base = (fileName.split(/[/\\]/).pop() ?? '').trim();
  if (base.length === 0) throw new StorageInputError('downloadFileName', `"${fileName}" has no file name after the last "/"`);
  const fallback = base.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(base).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
