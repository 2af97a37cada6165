import { isContainerHookError, redactText } from '@container-hook/core';
import type { OutputStreams } from './output.js';

/** A usage problem (unknown flag, bad argument): exit 2, message with the fix. */
export class UsageError extends Error {
  readonly code = 'Usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Writes one error: `container-hook: <message> (<code>)` on stderr, plus `{"error":{…}}` on stdout with
 * `--json`. `--verbose` adds the cause chain; an error that is not ours adds the stack and a bug hint.
 */
export function reportError(e: unknown, options: { json: boolean; verbose: boolean }, streams: OutputStreams): void {
  const ours = isContainerHookError(e) || e instanceof UsageError;
  const err = e instanceof Error ? e : new Error(String(e));
  const code = ours ? (err as unknown as { code: string }).code : 'InternalError';
  const message = redactText(err.message);
  streams.stderr.write(`container-hook: ${message} (${code})\n`);
  if (options.verbose || !ours) {
    for (let c: unknown = err.cause, depth = 0; c instanceof Error && depth < 8; c = c.cause, depth++) {
      streams.stderr.write(`  caused by ${c.name}: ${redactText(c.message)}\n`);
    }
  }
  if (!ours) {
    streams.stderr.write('this is a bug, please report it with the output of --verbose:\n');
    streams.stderr.write(`${redactText(err.stack ?? '')}\n`);
  }
  if (options.json) streams.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
}
