import { createObjectStorage, type ObjectStorageOptions } from './object-storage.js';
import { StorageInputError } from './validation.js';

// Presigning is local computation (no request is sent), so these stay unit tests.
const options: ObjectStorageOptions = {
  endpoint: 'http://127.0.0.1:9100',
  region: 'us-east-1',
  accessKeyId: 'test-access',
  secretAccessKey: 'test-secret',
  forcePathStyle: true,
};

describe('ObjectStorage', () => {
  const storage = createObjectStorage(options);
  afterAll(() => storage.destroy());

  it('presigns a path-style PUT that signs the content type', async () => {
    const presigned = await storage.presignUpload({ bucket: 'yanxiu-attachments', key: 'a/作业 1.pdf', contentType: 'application/pdf', expiresInSeconds: 900 });
    const url = new URL(presigned.url);
    expect(url.origin).toBe('http://127.0.0.1:9100');
    expect(url.pathname).toBe('/yanxiu-attachments/a/%E4%BD%9C%E4%B8%9A%201.pdf');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('content-type');
    // No SDK-computed checksum of an empty body may end up in the URL.
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([]);
    expect(presigned).toMatchObject({ method: 'PUT', headers: { 'content-type': 'application/pdf' } });
  });

  it('presigns part uploads with the upload id and part number', async () => {
    const presigned = await storage.presignUploadPart({ bucket: 'yanxiu-lessons', key: 'r/1.mp4', uploadId: 'u-1', partNumber: 3, expiresInSeconds: 3600 });
    const url = new URL(presigned.url);
    expect(url.searchParams.get('uploadId')).toBe('u-1');
    expect(url.searchParams.get('partNumber')).toBe('3');
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([]);
  });

  it('presigns downloads with an attachment file name', async () => {
    const presigned = await storage.presignDownload({ bucket: 'yanxiu-exports', key: 'e/1.xlsx', expiresInSeconds: 60, downloadFileName: '成绩.xlsx' });
    const url = new URL(presigned.url);
    expect(url.searchParams.get('response-content-disposition')).toBe(`attachment; filename="__.xlsx"; filename*=UTF-8''%E6%88%90%E7%BB%A9.xlsx`);
  });

  it('signs presigned URLs for the public endpoint when one is set', async () => {
    const publicStorage = createObjectStorage({ ...options, endpoint: 'http://minio:9000', publicEndpoint: 'https://files.example.cn' });
    try {
      const presigned = await publicStorage.presignDownload({ bucket: 'yanxiu-exports', key: 'e/1.xlsx', expiresInSeconds: 60 });
      expect(presigned.url.startsWith('https://files.example.cn/yanxiu-exports/e/1.xlsx?')).toBe(true);
    } finally {
      publicStorage.destroy();
    }
  });

  it.each([
    ['key', () => storage.presignUpload({ bucket: 'yanxiu-lessons', key: '/abs', contentType: 'video/mp4', expiresInSeconds: 60 })],
    ['key', () => storage.presignDownload({ bucket: 'yanxiu-lessons', key: 'a/../b', expiresInSeconds: 60 })],
    ['expiresInSeconds', () => storage.presignUpload({ bucket: 'yanxiu-lessons', key: 'a', contentType: 'video/mp4', expiresInSeconds: 8 * 24 * 3600 })],
    ['expiresInSeconds', () => storage.presignDownload({ bucket: 'yanxiu-lessons', key: 'a', expiresInSeconds: 30 })],
    ['partNumber', () => storage.presignUploadPart({ bucket: 'yanxiu-lessons', key: 'a', uploadId: 'u', partNumber: 10001, expiresInSeconds: 60 })],
    ['uploadId', () => storage.presignUploadPart({ bucket: 'yanxiu-lessons', key: 'a', uploadId: '', partNumber: 1, expiresInSeconds: 60 })],
    ['contentLength', () => storage.putObject({ bucket: 'yanxiu-exports', key: 'a', body: Buffer.alloc(1), contentLength: -1, contentType: 'text/plain' })],
    ['contentType', () => storage.startMultipartUpload({ bucket: 'yanxiu-lessons', key: 'a', contentType: 'nope' })],
    ['bucket', () => storage.headObject({ bucket: 'Yanxiu_Lessons', key: 'a' })],
    ['parts', () => storage.completeMultipartUpload({ bucket: 'yanxiu-lessons', key: 'a', uploadId: 'u', parts: [] })],
  ])('rejects a bad %s before any request', async (field, call) => {
    await expect(call()).rejects.toThrow(StorageInputError);
    await expect(call()).rejects.toMatchObject({ field });
  });

  it('refuses bad options', () => {
    expect(() => createObjectStorage({ ...options, endpoint: '127.0.0.1:9100' })).toThrow(/endpoint: must be an http\(s\) URL/);
    expect(() => createObjectStorage({ ...options, secretAccessKey: '' })).toThrow(/credentials/);
    expect(() => createObjectStorage({ ...options, pingBucket: 'UPPER' })).toThrow(/bucket/);
  });

  it('ping() needs a configured bucket', async () => {
    await expect(storage.ping()).rejects.toThrow(/pingBucket: is not configured/);
  });
});
