/**
 * A usage problem (unknown flag, missing or bad argument, unreadable `--file`): exit 2, and a message
 * that says what to do. Kept in its own file with no imports so that `--help` stays cheap.
 */
export class UsageError extends Error {
  readonly code = 'Usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True for a {@link UsageError}, judged by name and code (a tree may hold two copies of the CLI). */
export function isUsageError(e: unknown): e is UsageError {
  return typeof e === 'object' && e !== null && (e as Error).name === 'UsageError' && (e as { code?: unknown }).code === 'Usage';
}
