import {
  assertBucket,
  assertContentType,
  assertExpiresIn,
  assertObjectKey,
  assertPartNumber,
  attachmentDisposition,
  normalizeParts,
  StorageInputError,
} from './validation.js';

describe('assertObjectKey', () => {
  it.each(['a', 'lessons/2026/abc.mp4', '课程/录像 1.mp4', 'a..b/c', '.hidden', 'x'.repeat(1024), '录'.repeat(341)])('accepts %p', (key) => {
    expect(() => assertObjectKey(key)).not.toThrow();
  });

  it.each([
    ['', /required/],
    ['/lessons/a.mp4', /must not start with "\/"/],
    ['lessons/../secrets', /"\.\." segments/],
    ['..', /"\.\." segments/],
    ['lessons/./a', /"\." segments/],
    ['a//b', /empty segments/],
    ['a/', /empty segments/],
    ['a\\..\\b', /must not contain "\\"/],
    ['a\nb', /control characters/],
    ['a\u0000b', /control characters/],
    ['x'.repeat(1025), /at most 1024 bytes of UTF-8, got 1025/],
    // 342 three-byte characters: 342 code units but 1026 bytes.
    ['录'.repeat(342), /at most 1024 bytes of UTF-8, got 1026/],
  ])('rejects %p', (key, message) => {
    expect(() => assertObjectKey(key)).toThrow(StorageInputError);
    expect(() => assertObjectKey(key)).toThrow(message);
  });

  it('names the field in the error', () => {
    try {
      assertObjectKey('/x');
      throw new Error('did not throw');
    } catch (error) {
      expect(error).toBeInstanceOf(StorageInputError);
      expect((error as StorageInputError).field).toBe('key');
      expect((error as StorageInputError).message).toBe('key: "/x" must not start with "/"');
    }
  });

  it('rejects non-strings', () => {
    expect(() => assertObjectKey(undefined)).toThrow(/key: is required/);
    expect(() => assertObjectKey(42)).toThrow(/key: is required/);
  });
});

describe('assertBucket', () => {
  it.each(['yanxiu-lessons', 'abc', 'a.b-c1'])('accepts %p', (bucket) => expect(() => assertBucket(bucket)).not.toThrow());
  it.each(['', 'ab', 'Yanxiu', '-abc', 'abc-', 'a_b_c', 'a..b', 'a'.repeat(64)])('rejects %p', (bucket) => {
    expect(() => assertBucket(bucket)).toThrow(StorageInputError);
  });
});

describe('assertExpiresIn', () => {
  it.each([60, 900, 7 * 24 * 3600])('accepts %p', (s) => expect(() => assertExpiresIn(s)).not.toThrow());
  it.each([59, 0, -1, 7 * 24 * 3600 + 1, 1.5, Number.NaN, Infinity, '900', undefined])('rejects %p', (s) => {
    expect(() => assertExpiresIn(s)).toThrow(/^expiresInSeconds: /);
  });
});

describe('assertPartNumber', () => {
  it.each([1, 2, 10000])('accepts %p', (n) => expect(() => assertPartNumber(n)).not.toThrow());
  it.each([0, -1, 10001, 1.5, Number.NaN, '1', undefined])('rejects %p', (n) => {
    expect(() => assertPartNumber(n)).toThrow(/^partNumber: must be a whole number between 1 and 10000/);
  });
});

describe('assertContentType', () => {
  it.each(['video/mp4', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain; charset=utf-8', 'image/svg+xml'])(
    'accepts %p',
    (t) => expect(() => assertContentType(t)).not.toThrow(),
  );
  it.each(['', 'mp4', 'video/', 'video/mp4\r\nx-amz-acl: public-read', undefined])('rejects %p', (t) => {
    expect(() => assertContentType(t)).toThrow(/^contentType: /);
  });
});

describe('normalizeParts', () => {
  it('sorts parts by number', () => {
    expect(
      normalizeParts([
        { partNumber: 2, etag: '"b"' },
        { partNumber: 1, etag: '"a"' },
      ]),
    ).toEqual([
      { partNumber: 1, etag: '"a"' },
      { partNumber: 2, etag: '"b"' },
    ]);
  });

  it.each([
    [[], /at least one/],
    [undefined, /at least one/],
    [[{ partNumber: 0, etag: 'a' }], /parts\[0\]\.partNumber/],
    [[{ partNumber: 1, etag: '' }], /parts\[0\]\.etag: is required/],
    [[{ partNumber: 1, etag: '""' }], /parts\[0\]\.etag: is required/],
    [[{ partNumber: 1 }], /parts\[0\]\.etag: is required/],
    [[null], /parts\[0\]\.partNumber/],
    [
      [
        { partNumber: 1, etag: 'a' },
        { partNumber: 1, etag: 'b' },
      ],
      /part 1 is listed twice/,
    ],
  ])('rejects %j', (parts, message) => {
    expect(() => normalizeParts(parts)).toThrow(message);
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('第一课 录像.mp4')).toBe(
      `attachment; filename="___ __.mp4"; filename*=UTF-8''%E7%AC%AC%E4%B8%80%E8%AF%BE%20%E5%BD%95%E5%83%8F.mp4`,
    );
  });

  it('cannot break out of the quoted string or the header', () => {
    expect(attachmentDisposition(`a"b\\c%'(d).txt`)).toBe(`attachment; filename="c_'(d).txt"; filename*=UTF-8''c%25%27%28d%29.txt`);
    expect(() => attachmentDisposition('a\r\nSet-Cookie: x=1')).toThrow(/control characters/);
  });

  it('keeps only the last path segment', () => {
    expect(attachmentDisposition('../../etc/passwd')).toBe(`attachment; filename="passwd"; filename*=UTF-8''passwd`);
    expect(() => attachmentDisposition('dir/')).toThrow(/no file name/);
    expect(() => attachmentDisposition('  ')).toThrow(/must not be empty/);
  });
});
