/** Where import files live and how big an import may be; from configuration (identity.config.ts). */
export interface RosterImportSettings {
  /** Uploaded files and error reports, under `roster-imports/<job id>/`. */
  bucket: string;
  maxBytes: number;
  /** Data rows per file; bounds the memory of a job (the in-file duplicate check). */
  maxRows: number;
  /** Rows per transaction: one multi-row INSERT of teachers, one of outbox events, one of errors. */
  batchSize: number;
  /** How long a worker owns a job without renewing (database clock); a dead worker's job resumes after it. */
  leaseSeconds: number;
  /** Claims before a job is given up on (a file that crashes its worker each time). */
  maxAttempts: number;
  /** Lifetime of the presigned upload and report URLs. */
  urlExpirySeconds: number;
}

export const uploadKey = (jobId: string) => `roster-imports/${jobId}/upload.xlsx`;
export const reportKey = (jobId: string) => `roster-imports/${jobId}/errors.xlsx`;
