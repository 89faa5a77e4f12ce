/** D1 reports constraint violations in the message; drizzle wraps the D1 error as `cause`. */
export function isUniqueViolation(e: unknown): boolean {
  for (let err: unknown = e; err; err = (err as { cause?: unknown }).cause) {
    if (/UNIQUE constraint failed/i.test(String((err as { message?: unknown }).message ?? err))) return true;
  }
  return false;
}
