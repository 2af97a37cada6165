/** An abort, recognised by `name === 'AbortError'` as in the Azure SDK's `@azure/abort-controller`. */
export class AbortError extends Error {
  constructor(message = 'The operation was aborted.') {
    super(message);
    this.name = 'AbortError';
  }
}

/** Throws an {@link AbortError} when the signal has aborted. Call before each I/O. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

/** True for any abort error (ours, the DOM's `AbortError`, Node's `ABORT_ERR`). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && ((e as Error).name === 'AbortError' || (e as { code?: unknown }).code === 'ABORT_ERR');
}

/** Waits `timeInMs`, clearing its timer and rejecting with {@link AbortError} when the signal aborts. */
export function delay(timeInMs: number, options: { abortSignal?: AbortSignal } = {}): Promise<void> {
  const { abortSignal } = options;
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted) return reject(new AbortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener('abort', onAbort);
      resolve();
    }, timeInMs);
    abortSignal?.addEventListener('abort', onAbort, { once: true });
  });
}
