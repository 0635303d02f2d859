/** The mysql2 error code (e.g. ER_DUP_ENTRY, ECONNRESET) of an error, also when typeorm wrapped it. */
export function mysqlErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: unknown };
  if (typeof code === 'string') return code;
  return driverError === undefined ? undefined : mysqlErrorCode(driverError);
}
