import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import {
  assertBucket,
  assertContentType,
  assertExpiresIn,
  assertObjectKey,
  assertPartNumber,
  assertUploadId,
  attachmentDisposition,
  normalizeParts,
  StorageInputError,
  type CompletedPart,
} from './validation.js';

export interface ObjectStorageOptions {
  /** The S3 API endpoint the service reaches, e.g. http://127.0.0.1:9100 (MinIO) or https://s3.cn-north-1.amazonaws.com.cn. */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Bucket in the URL path (http://host/bucket/key), as MinIO needs; virtual-hosted style when false. */
  forcePathStyle: boolean;
  /**
   * The endpoint browsers reach, when it differs from `endpoint` (e.g. in-cluster
   * http://minio:9000 vs https://files.example.cn). Presigned URLs are signed for this host;
   * the signature covers the host, so a URL cannot be rewritten afterwards.
   */
  publicEndpoint?: string;
  /** The bucket `ping()` checks with HeadBucket. */
  pingBucket?: string;
  /** Milliseconds before `ping()` gives up. Default 2000. */
  pingTimeoutMs?: number;
}

export interface ObjectRef {
  bucket: string;
  key: string;
}

export interface PresignUploadInput extends ObjectRef {
  /** The Content-Type the client must send; it is part of the signature. */
  contentType: string;
  expiresInSeconds: number;
}

export interface StartMultipartUploadInput extends ObjectRef {
  contentType: string;
}

export interface MultipartRef extends ObjectRef {
  uploadId: string;
}

export interface PresignUploadPartInput extends MultipartRef {
  partNumber: number;
  expiresInSeconds: number;
}

export interface CompleteMultipartUploadInput extends MultipartRef {
  parts: CompletedPart[];
}

export interface PresignDownloadInput extends ObjectRef {
  expiresInSeconds: number;
  /** When set, browsers save the object under this name (Content-Disposition: attachment). */
  downloadFileName?: string;
}

export interface ObjectHead {
  size: number;
  contentType: string | undefined;
  /** As S3 returns it, quotes included; multipart objects have "<md5-of-md5s>-<parts>". */
  etag: string | undefined;
}

/** A body the service itself writes (e.g. a report it generated); its length must be known up front. */
export interface PutObjectInput extends ObjectRef {
  body: Readable | Uint8Array;
  contentLength: number;
  contentType: string;
}

/** A presigned URL and the headers the client must send with it. */
export interface PresignedRequest {
  url: string;
  method: 'PUT' | 'GET';
  headers: Record<string, string>;
  expiresAt: Date;
}

/**
 * The one way services talk to object storage (MinIO locally, any S3 in production).
 * Bodies never pass through the service: clients upload and download with presigned URLs.
 */
export class ObjectStorage {
  private readonly client: S3Client;
  private readonly presignClient: S3Client;

  constructor(private readonly options: ObjectStorageOptions) {
    if (typeof options.endpoint !== 'string' || !/^https?:\/\//.test(options.endpoint)) {
      throw new StorageInputError('endpoint', `must be an http(s) URL, got ${String(options.endpoint)}`);
    }
    if (options.publicEndpoint !== undefined && !/^https?:\/\//.test(options.publicEndpoint)) {
      throw new StorageInputError('publicEndpoint', `must be an http(s) URL, got ${options.publicEndpoint}`);
    }
    if (!options.region) throw new StorageInputError('region', 'is required');
    if (!options.accessKeyId || !options.secretAccessKey) throw new StorageInputError('credentials', 'accessKeyId and secretAccessKey are required');
    if (options.pingBucket !== undefined) assertBucket(options.pingBucket);
    this.client = ObjectStorage.client(options, options.endpoint);
    this.presignClient = options.publicEndpoint ? ObjectStorage.client(options, options.publicEndpoint) : this.client;
  }

  private static client(options: ObjectStorageOptions, endpoint: string): S3Client {
    return new S3Client({
      endpoint,
      region: options.region,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      forcePathStyle: options.forcePathStyle,
      // Newer SDKs add CRC32 checksums to every PutObject/UploadPart, which would put a checksum
      // of an empty body into presigned URLs and break browser uploads; only send them when required.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** A presigned PUT for a small file, uploaded in one request. */
  async presignUpload(input: PresignUploadInput): Promise<PresignedRequest> {
    this.assertRef(input);
    assertContentType(input.contentType);
    assertExpiresIn(input.expiresInSeconds);
    const command = new PutObjectCommand({ Bucket: input.bucket, Key: input.key, ContentType: input.contentType });
    // Sign the Content-Type header (the presigner otherwise drops it), so the client must send
    // exactly this type and cannot store an .exe as image/png.
    const url = await getSignedUrl(this.presignClient, command, { expiresIn: input.expiresInSeconds, signableHeaders: new Set(['content-type']) });
    return { url, method: 'PUT', headers: { 'content-type': input.contentType }, expiresAt: expiry(input.expiresInSeconds) };
  }

  /** Starts a multipart upload (large files, resumable part by part); returns its upload id. */
  async startMultipartUpload(input: StartMultipartUploadInput): Promise<string> {
    this.assertRef(input);
    assertContentType(input.contentType);
    const result = await this.client.send(new CreateMultipartUploadCommand({ Bucket: input.bucket, Key: input.key, ContentType: input.contentType }));
    if (!result.UploadId) throw new Error(`object storage returned no upload id for ${input.bucket}/${input.key}`);
    return result.UploadId;
  }

  /**
   * A presigned PUT for one part. Every part but the last must be at least 5 MiB; the client
   * keeps the ETag response header of each part for `completeMultipartUpload`.
   */
  async presignUploadPart(input: PresignUploadPartInput): Promise<PresignedRequest> {
    this.assertRef(input);
    assertUploadId(input.uploadId);
    assertPartNumber(input.partNumber);
    assertExpiresIn(input.expiresInSeconds);
    const command = new UploadPartCommand({ Bucket: input.bucket, Key: input.key, UploadId: input.uploadId, PartNumber: input.partNumber });
    const url = await getSignedUrl(this.presignClient, command, { expiresIn: input.expiresInSeconds });
    return { url, method: 'PUT', headers: {}, expiresAt: expiry(input.expiresInSeconds) };
  }

  /** Assembles the uploaded parts into the object; returns its ETag. */
  async completeMultipartUpload(input: CompleteMultipartUploadInput): Promise<{ etag: string | undefined }> {
    this.assertRef(input);
    assertUploadId(input.uploadId);
    const parts = normalizeParts(input.parts);
    const result = await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: input.bucket,
        Key: input.key,
        UploadId: input.uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
    return { etag: result.ETag };
  }

  /** Discards a multipart upload and its parts. Idempotent: an unknown or finished upload is not an error. */
  async abortMultipartUpload(input: MultipartRef): Promise<void> {
    this.assertRef(input);
    assertUploadId(input.uploadId);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: input.bucket, Key: input.key, UploadId: input.uploadId }));
    } catch (error) {
      if (errorName(error) === 'NoSuchUpload') return;
      throw error;
    }
  }

  /** A presigned GET; with `downloadFileName` the browser saves it under that name. */
  async presignDownload(input: PresignDownloadInput): Promise<PresignedRequest> {
    this.assertRef(input);
    assertExpiresIn(input.expiresInSeconds);
    const disposition = input.downloadFileName === undefined ? undefined : attachmentDisposition(input.downloadFileName);
    const command = new GetObjectCommand({ Bucket: input.bucket, Key: input.key, ResponseContentDisposition: disposition });
    const url = await getSignedUrl(this.presignClient, command, { expiresIn: input.expiresInSeconds });
    return { url, method: 'GET', headers: {}, expiresAt: expiry(input.expiresInSeconds) };
  }

  /** Size, type and ETag of an object, or null when it does not exist. */
  async headObject(input: ObjectRef): Promise<ObjectHead | null> {
    this.assertRef(input);
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: input.bucket, Key: input.key }));
      return { size: result.ContentLength ?? 0, contentType: result.ContentType, etag: result.ETag };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /**
   * Streams an object's body into the service, or null when it does not exist. For processing a
   * file a client uploaded (an import); the caller must consume or destroy the stream.
   */
  async getObjectStream(input: ObjectRef): Promise<Readable | null> {
    this.assertRef(input);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: input.bucket, Key: input.key }));
      if (!(result.Body instanceof Readable)) throw new Error(`object storage returned no stream for ${input.bucket}/${input.key}`);
      return result.Body;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Writes an object the service produced itself (small files; clients upload with presigned URLs). */
  async putObject(input: PutObjectInput): Promise<{ etag: string | undefined }> {
    this.assertRef(input);
    assertContentType(input.contentType);
    if (!Number.isInteger(input.contentLength) || input.contentLength < 0) throw new StorageInputError('contentLength', `must be a whole number of bytes, got ${String(input.contentLength)}`);
    const result = await this.client.send(
      new PutObjectCommand({ Bucket: input.bucket, Key: input.key, Body: input.body, ContentLength: input.contentLength, ContentType: input.contentType }),
    );
    return { etag: result.ETag };
  }

  /** Deletes an object; deleting a missing object is not an error (S3 semantics). */
  async deleteObject(input: ObjectRef): Promise<void> {
    this.assertRef(input);
    await this.client.send(new DeleteObjectCommand({ Bucket: input.bucket, Key: input.key }));
  }

  /** Readiness check: HeadBucket on `pingBucket`; rejects when storage is unreachable, the bucket is missing or the credentials are refused. */
  async ping(): Promise<void> {
    const bucket = this.options.pingBucket;
    if (bucket === undefined) throw new StorageInputError('pingBucket', 'is not configured, so ping() has nothing to check');
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(this.options.pingTimeoutMs ?? 2000) });
    } catch (error) {
      const status = httpStatus(error);
      throw new Error(`object storage: HeadBucket ${bucket} failed: ${errorName(error) ?? 'error'}${status ? ` (HTTP ${status})` : ''}`, { cause: error });
    }
  }

  /** Closes the SDK's connection pools. */
  destroy(): void {
    this.client.destroy();
    if (this.presignClient !== this.client) this.presignClient.destroy();
  }

  private assertRef(input: ObjectRef): void {
    if (input === null || typeof input !== 'object') throw new StorageInputError('input', 'is required');
    assertBucket(input.bucket);
    assertObjectKey(input.key);
  }
}

export function createObjectStorage(options: ObjectStorageOptions): ObjectStorage {
  return new ObjectStorage(options);
}

function expiry(seconds: number): Date {
  return new Date(Date.now() + seconds * 1000);
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  return name === 'NotFound' || name === 'NoSuchKey' || httpStatus(error) === 404;
}
