/**
 * The one place errors become text: `container-hook: <message> (<code>)` on stderr, plus
 * `{"error":{"code","message"}}` on stdout with `--json`. `--verbose` adds the cause chain (and, for an
 * error that is not ours, the stack). Loaded only when something failed: it pulls in the core.
 */
import { isContainerHookError, redactText } from '@container-hook/core';
import type { OutputStreams } from './output.js';
import { isUsageError } from './usage-error.js';

export interface ReportErrorOptions {
  json: boolean;
  verbose: boolean;
  /** The connection the command used, named in backend errors so the user knows where it failed. */
  conn?: string;
  /** Values that must never be printed (the `--secure-env` values of this run). */
  secrets?: readonly string[];
}

/** Codes whose message already says all there is about the connection (or has nothing to do with one). */
const NO_CONNECTION_CONTEXT = new Set(['Usage', 'Aborted', 'ConnectionNotFound', 'ConnectionConfig', 'InvalidContainerGroup', 'InternalError']);

/** The code and one-line message of an error, as the CLI prints them. */
export function describeError(e: unknown, options: Pick<ReportErrorOptions, 'conn' | 'secrets'> = {}): { code: string; message: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  let code: string;
  if (isUsageError(err)) code = 'Usage';
  else if (isContainerHookError(err)) code = err.code;
  else if (err.name === 'AbortError') code = 'Aborted';
  else code = 'InternalError';
  let message = code === 'Aborted' ? 'interrupted' : err.message.replace(/\s*\n\s*/g, ' ').trim();
  const cleanupError = (err as { cleanupError?: unknown }).cleanupError;
  if (cleanupError !== undefined) {
    const cleanup = cleanupError instanceof Error ? cleanupError.message : String(cleanupError);
    message += `; deleting the group afterwards also failed: ${cleanup.replace(/\s*\n\s*/g, ' ')}`;
  }
  if (options.conn !== undefined && !NO_CONNECTION_CONTEXT.has(code) && !message.includes(`"${options.conn}"`)) {
    message += ` (connection "${options.conn}")`;
  }
  if (code === 'InternalError') message += '; this is a bug, please report it with the output of --verbose';
  return { code, message: mask(redactText(message), options.secrets) };
}

/** Writes one error; see the file's comment. */
export function reportError(e: unknown, options: ReportErrorOptions, streams: OutputStreams): void {
  const { code, message } = describeError(e, options);
  streams.stderr.write(`container-hook: ${message} (${code})\n`);
  if (options.verbose) {
    const err = e instanceof Error ? e : undefined;
    for (let c: unknown = err?.cause, depth = 0; c !== undefined && c !== null && depth < 8; c = (c as Error).cause, depth++) {
      const text = c instanceof Error ? `${c.name}: ${c.message}` : String(c);
      streams.stderr.write(`  caused by ${mask(redactText(text), options.secrets)}\n`);
    }
    if (err && code === 'InternalError' && err.stack) streams.stderr.write(`${mask(redactText(err.stack), options.secrets)}\n`);
  }
  if (options.json) streams.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
}

/** Replaces every occurrence of a secret value by `***`. */
export function mask(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const s of secrets ?? []) if (s.length > 0) out = out.split(s).join('***');
  return out;
}
