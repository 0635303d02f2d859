import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Encrypts personal data at rest (AES-256-GCM, random IV per value) and derives a keyed
 * hash (HMAC-SHA256) so an ID number can be looked up and kept unique without decrypting.
 * Keys come from configuration (a KMS-backed secret in production), never from the database.
 */
export class PersonalDataCipher {
  private readonly encryptionKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(encryptionKeyHex: string, hashKeyHex: string) {
    this.encryptionKey = Buffer.from(encryptionKeyHex, 'hex');
    this.hashKey = Buffer.from(hashKeyHex, 'hex');
    if (this.encryptionKey.length !== 32 || this.hashKey.length !== 32) throw new Error('personal data keys must be 32 bytes each');
  }

  /** iv (12) ‖ tag (16) ‖ ciphertext */
  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }

  lookupHash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex');
  }
}
