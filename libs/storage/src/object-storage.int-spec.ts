import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createObjectStorage, type ObjectStorageOptions } from './object-storage.js';

// Against the real local MinIO (deploy/local/stack up). Bodies go through plain fetch, as a
// browser would send them; nothing here talks to MinIO except over HTTP.
const options: ObjectStorageOptions = {
  endpoint: required('S3_ENDPOINT'),
  region: process.env.S3_REGION ?? 'us-east-1',
  accessKeyId: required('S3_ACCESS_KEY'),
  secretAccessKey: required('S3_SECRET_KEY'),
  forcePathStyle: true,
  pingBucket: 'yanxiu-lessons',
};
const storage = createObjectStorage(options);
const run = `storage-it/${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}`;
const created: { bucket: string; key: string }[] = [];
const MiB = 1024 * 1024;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: start the local stack (deploy/local/stack up)`);
  return value;
}

function uniqueKey(bucket: string, name: string): string {
  const key = `${run}/${name}`;
  created.push({ bucket, key });
  return key;
}

function bytes(size: number, seed: number): Buffer {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) buffer[i] = (i * 31 + seed) & 0xff;
  return buffer;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

afterAll(async () => {
  await Promise.all(created.map((ref) => storage.deleteObject(ref)));
  storage.destroy();
});

describe('ObjectStorage against MinIO', () => {
  it('presigned PUT, head, presigned GET, delete', async () => {
    const bucket = 'yanxiu-attachments';
    const key = uniqueKey(bucket, '作业/第 1 次.txt');
    const body = Buffer.from('作业答案: 42\n', 'utf8');

    const upload = await storage.presignUpload({ bucket, key, contentType: 'text/plain; charset=utf-8', expiresInSeconds: 300 });
    const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);

    expect(await storage.headObject({ bucket, key })).toEqual({
      size: body.length,
      contentType: 'text/plain; charset=utf-8',
      etag: put.headers.get('etag'),
    });

    const download = await storage.presignDownload({ bucket, key, expiresInSeconds: 300 });
    const get = await fetch(download.url);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer())).toEqual(body);

    const named = await storage.presignDownload({ bucket, key, expiresInSeconds: 300, downloadFileName: '答案.txt' });
    const namedGet = await fetch(named.url);
    expect(namedGet.status).toBe(200);
    expect(namedGet.headers.get('content-disposition')).toBe(`attachment; filename="__.txt"; filename*=UTF-8''%E7%AD%94%E6%A1%88.txt`);
    await namedGet.arrayBuffer();

    await storage.deleteObject({ bucket, key });
    expect(await storage.headObject({ bucket, key })).toBeNull();
    expect((await fetch(download.url)).status).toBe(404);
  });

  it('refuses a presigned PUT sent with another content type', async () => {
    const bucket = 'yanxiu-attachments';
    const key = uniqueKey(bucket, 'typed.png');
    const upload = await storage.presignUpload({ bucket, key, contentType: 'image/png', expiresInSeconds: 300 });
    const put = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'application/x-msdownload' }, body: Buffer.from('MZ') });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('SignatureDoesNotMatch');
    expect(await storage.headObject({ bucket, key })).toBeNull();
  });

  it('multipart: presigned parts uploaded with fetch, completed, same bytes back', async () => {
    const bucket = 'yanxiu-lessons';
    const key = uniqueKey(bucket, 'recordings/lesson.mp4');
    // S3 requires every part but the last to be at least 5 MiB.
    const parts = [bytes(5 * MiB, 1), bytes(1234, 2)];

    const uploadId = await storage.startMultipartUpload({ bucket, key, contentType: 'video/mp4' });
    expect(uploadId).toEqual(expect.any(String));

    const uploaded = await Promise.all(
      parts.map(async (body, i) => {
        const partNumber = i + 1;
        const presigned = await storage.presignUploadPart({ bucket, key, uploadId, partNumber, expiresInSeconds: 3600 });
        const response = await fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body });
        expect(response.status).toBe(200);
        const etag = response.headers.get('etag');
        expect(etag).toBeTruthy();
        return { partNumber, etag: etag ?? '' };
      }),
    );
    // Not visible before completion.
    expect(await storage.headObject({ bucket, key })).toBeNull();

    // Out of order on purpose: completion sorts them.
    const { etag } = await storage.completeMultipartUpload({ bucket, key, uploadId, parts: uploaded.reverse() });
    expect(etag).toMatch(/-2"$/);

    const total = parts[0]!.length + parts[1]!.length;
    expect(await storage.headObject({ bucket, key })).toEqual({ size: total, contentType: 'video/mp4', etag });

    const download = await storage.presignDownload({ bucket, key, expiresInSeconds: 300 });
    const get = await fetch(download.url);
    const got = new Uint8Array(await get.arrayBuffer());
    expect(got.length).toBe(total);
    expect(sha256(got)).toBe(sha256(Buffer.concat(parts)));
  });

  it('refuses to complete when a non-last part is under 5 MiB', async () => {
    const bucket = 'yanxiu-lessons';
    const key = uniqueKey(bucket, 'recordings/too-small.mp4');
    const uploadId = await storage.startMultipartUpload({ bucket, key, contentType: 'video/mp4' });
    const uploaded = [];
    for (const partNumber of [1, 2]) {
      const presigned = await storage.presignUploadPart({ bucket, key, uploadId, partNumber, expiresInSeconds: 300 });
      const response = await fetch(presigned.url, { method: 'PUT', body: bytes(1024, partNumber) });
      uploaded.push({ partNumber, etag: response.headers.get('etag') ?? '' });
    }
    await expect(storage.completeMultipartUpload({ bucket, key, uploadId, parts: uploaded })).rejects.toMatchObject({ name: 'EntityTooSmall' });
    await storage.abortMultipartUpload({ bucket, key, uploadId });
  });

  it('abort leaves no object, refuses further parts, and is idempotent', async () => {
    const bucket = 'yanxiu-lessons';
    const key = uniqueKey(bucket, 'recordings/aborted.mp4');
    const uploadId = await storage.startMultipartUpload({ bucket, key, contentType: 'video/mp4' });
    const presigned = await storage.presignUploadPart({ bucket, key, uploadId, partNumber: 1, expiresInSeconds: 300 });
    const first = await fetch(presigned.url, { method: 'PUT', body: bytes(5 * MiB, 3) });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';

    await storage.abortMultipartUpload({ bucket, key, uploadId });
    await storage.abortMultipartUpload({ bucket, key, uploadId });

    expect(await storage.headObject({ bucket, key })).toBeNull();
    const late = await fetch(presigned.url, { method: 'PUT', body: bytes(1024, 4) });
    expect(late.status).toBe(404);
    expect(await late.text()).toContain('NoSuchUpload');
    await expect(storage.completeMultipartUpload({ bucket, key, uploadId, parts: [{ partNumber: 1, etag }] })).rejects.toMatchObject({ name: 'NoSuchUpload' });
    expect(await storage.headObject({ bucket, key })).toBeNull();
  });

  it('refuses expired and tampered presigned URLs with 403', async () => {
    const bucket = 'yanxiu-attachments';
    const key = uniqueKey(bucket, 'forged.txt');

    // An expired URL: signed an hour ago for 60 s (ObjectStorage always signs "now", so use the SDK).
    const sdk = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    try {
      const expired = await getSignedUrl(sdk, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) });
      const response = await fetch(expired, { method: 'PUT', body: 'x' });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('expired');
    } finally {
      sdk.destroy();
    }

    const upload = await storage.presignUpload({ bucket, key, contentType: 'text/plain', expiresInSeconds: 300 });
    const garbage = new URL(upload.url);
    garbage.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    expect((await fetch(garbage, { method: 'PUT', headers: upload.headers, body: 'x' })).status).toBe(403);

    // A valid signature does not carry over to another key.
    const otherKey = new URL(upload.url);
    otherKey.pathname = otherKey.pathname.replace('forged.txt', 'other.txt');
    expect((await fetch(otherKey, { method: 'PUT', headers: upload.headers, body: 'x' })).status).toBe(403);

    // Nor to a GET of the same key (MinIO answers 400 or 403 depending on what it checks first).
    const read = await fetch(upload.url);
    expect([400, 403]).toContain(read.status);
    await read.arrayBuffer();
    expect(await storage.headObject({ bucket, key })).toBeNull();
  });

  it('headObject is null and deleteObject succeeds for a missing key', async () => {
    const ref = { bucket: 'yanxiu-exports', key: `${run}/never-uploaded.csv` };
    expect(await storage.headObject(ref)).toBeNull();
    await expect(storage.deleteObject(ref)).resolves.toBeUndefined();
  });

  it('putObject writes a body the service made; getObjectStream reads it back as a stream', async () => {
    const bucket = 'yanxiu-exports';
    const key = uniqueKey(bucket, 'reports/错误报告.xlsx');
    const body = bytes(70_000, 5);
    await storage.putObject({ bucket, key, body: Readable.from([body.subarray(0, 1000), body.subarray(1000)]), contentLength: body.length, contentType: 'application/octet-stream' });
    expect(await storage.headObject({ bucket, key })).toMatchObject({ size: body.length, contentType: 'application/octet-stream' });

    const stream = await storage.getObjectStream({ bucket, key });
    const chunks: Buffer[] = [];
    for await (const chunk of stream!) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(body));
    expect(await storage.getObjectStream({ bucket, key: `${run}/missing.xlsx` })).toBeNull();
  });

  it('ping() checks the bucket and the credentials', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();

    const missing = createObjectStorage({ ...options, pingBucket: `missing-${randomUUID().slice(0, 8)}` });
    const badCredentials = createObjectStorage({ ...options, secretAccessKey: 'wrong-secret' });
    const unreachable = createObjectStorage({ ...options, endpoint: 'http://127.0.0.1:9', pingTimeoutMs: 500 });
    try {
      await expect(missing.ping()).rejects.toThrow(/HeadBucket missing-.* failed: .*HTTP 404/);
      await expect(badCredentials.ping()).rejects.toThrow(/HTTP 403/);
      await expect(unreachable.ping()).rejects.toThrow(/HeadBucket yanxiu-lessons failed/);
    } finally {
      missing.destroy();
      badCredentials.destroy();
      unreachable.destroy();
    }
  });
});
