export {
  createObjectStorage,
  ObjectStorage,
  type CompleteMultipartUploadInput,
  type MultipartRef,
  type ObjectHead,
  type ObjectRef,
  type ObjectStorageOptions,
  type PresignDownloadInput,
  type PresignedRequest,
  type PresignUploadInput,
  type PresignUploadPartInput,
  type PutObjectInput,
  type StartMultipartUploadInput,
} from './object-storage.js';
export { storageKeys } from './storage-keys.js';
export {
  assertObjectKey,
  MAX_EXPIRES_IN_SECONDS,
  MAX_KEY_BYTES,
  MAX_PART_NUMBER,
  MIN_EXPIRES_IN_SECONDS,
  StorageInputError,
  type CompletedPart,
} from './validation.js';
