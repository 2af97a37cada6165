/**
 * The entry point: parses the command line, runs the selected action, and maps every outcome to an exit
 * status. The only `catch` of the CLI lives here; `bin/container-hook.js` sets `process.exitCode`.
 * Startup stays cheap: the core (and any backend) is loaded by the command that needs it, or to report an error.
 */
import { createRequire } from 'node:module';
import { CommanderError, type Command } from 'commander';
import { buildCli, type Action, type ActionOptions, type GlobalOptions } from './cli.js';
import { createHookFromPackage, type CommandContext, type HookFactory } from './context.js';
import { ExitCode } from './exit-codes.js';
import { createOutput, type OutputStreams } from './output.js';
import { UsageError, isUsageError } from './usage-error.js';

export interface MainOptions {
  streams?: OutputStreams;
  env?: NodeJS.ProcessEnv;
  /** Aborts the running command (see {@link interruptOnSignals}); its `reason` `'SIGTERM'` exits 143, else 130. */
  abortSignal?: AbortSignal;
  /** Replaces how hooks are made (tests pass an in-memory hook). */
  createHook?: HookFactory;
  /** The clock (tests pin it). */
  now?: () => Date;
}

/** Runs `container-hook <argv…>` and resolves to the exit status; never throws, never calls process.exit. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const streams = options.streams ?? process;
  const env = options.env ?? process.env;
  const abortSignal = options.abortSignal ?? new AbortController().signal;
  let selected: { action: Action; globals: GlobalOptions; options: ActionOptions } | undefined;
  let usageMessage: string | undefined;
  const program = buildCli({ version: readVersion(), env, run: (action, globals, actionOptions = {}) => (selected = { action, globals, options: actionOptions }) });
  configure(program, streams, (message) => (usageMessage = message));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) return reportAndExit(e, { json: argv.includes('--json'), verbose: argv.includes('--verbose') }, streams, ExitCode.Failure);
    // --help and --version "fail" with exit code 0; a group without its sub-command printed its help on stderr.
    if (e.exitCode === 0) return ExitCode.Success;
    if (e.code === 'commander.help' || e.code === 'commander.helpDisplayed') return ExitCode.Usage;
    const message = oneLine(usageMessage ?? e.message).replace(/^error:\s*/i, '');
    const where = commandPath(program, argv);
    return reportAndExit(
      new UsageError(`${message.replace(/\.$/, '')}; run "container-hook${where ? ` ${where}` : ''} --help" for usage`),
      { json: argv.includes('--json'), verbose: false },
      streams,
      ExitCode.Usage,
    );
  }
  if (!selected) return ExitCode.Usage;
  const { action, globals } = selected;
  const out = createOutput(globals, streams);
  const secrets: string[] = [];
  let hook: ReturnType<HookFactory> | undefined;
  const factory = options.createHook ?? createHookFromPackage;
  const ctx: CommandContext = {
    globals,
    out,
    env,
    abortSignal,
    hook: () => (hook ??= factory(globals.conn, env)),
    addSecrets: (values) => secrets.push(...values),
    now: options.now ?? (() => new Date()),
  };
  try {
    return await action(ctx);
  } catch (e) {
    if (abortSignal.aborted && (abortSignal.reason === 'EPIPE' || abortSignal.reason === 'EIO')) {
      // Our output is gone: nothing more can be said (as `yes | head` says nothing).
      return ExitCode.BrokenPipe;
    }
    const status = isUsageError(e)
      ? ExitCode.Usage
      : isAbort(e) || abortSignal.aborted
        ? abortSignal.reason === 'SIGTERM'
          ? ExitCode.Terminated
          : ExitCode.Interrupted
        : (selected.options.failureExitCode ?? ExitCode.Failure);
    return reportAndExit(e, { ...globals, secrets }, streams, status);
  }
}

/**
 * Aborts the returned signal on the first Ctrl-C (SIGINT) or SIGTERM, so that the running command stops
 * and cleans up (`run` deletes its group); a second one ends the process at once, as the signal would.
 * A reader that goes away (`container-hook run … | head`) aborts it too, with reason `'EPIPE'`, instead of
 * crashing on the failed write and leaving the group behind.
 */
export function interruptOnSignals(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(signal);
      return;
    }
    // Re-raise with the default disposition: the shell sees the process killed by the signal.
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // Any write error of our own output (EPIPE, EIO): stop, clean up; later writes fail quietly here.
      if (!controller.signal.aborted) controller.abort(e.code === 'EPIPE' ? 'EPIPE' : 'EIO');
    });
  }
  return controller.signal;
}

async function reportAndExit(
  e: unknown,
  options: { json: boolean; verbose: boolean; conn?: string; secrets?: string[] },
  streams: OutputStreams,
  status: number,
): Promise<number> {
  try {
    const { reportError } = await import('./report-error.js');
    reportError(e, options, streams);
  } catch {
    // The reporter itself failed (a broken install): still one line.
    streams.stderr.write(`container-hook: ${oneLine(e instanceof Error ? e.message : String(e))} (InternalError)\n`);
  }
  return status;
}

function configure(program: Command, streams: OutputStreams, onUsage: (message: string) => void): void {
  const settings = {
    writeOut: (s: string) => void streams.stdout.write(s),
    writeErr: (s: string) => void streams.stderr.write(s),
    // Usage errors are printed by main, as one line (and as JSON with --json).
    outputError: (s: string) => onUsage(s),
  };
  const apply = (cmd: Command) => {
    cmd.exitOverride().configureOutput(settings).showSuggestionAfterError(true);
    for (const sub of cmd.commands) apply(sub);
  };
  apply(program);
}

function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && ((e as Error).name === 'AbortError' || (e as { code?: unknown }).code === 'ABORT_ERR');
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** The sub-command path named on the command line (`connections get`), to point at its --help. */
function commandPath(program: Command, argv: readonly string[]): string {
  const path: string[] = [];
  let cmd = program;
  for (const token of argv) {
    if (token === '--') break;
    const sub = cmd.commands.find((c) => c.name() === token || c.aliases().includes(token));
    if (sub) {
      path.push(sub.name());
      cmd = sub;
    }
  }
  return path.join(' ');
}

function readVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../package.json') as { version: string }).version;
}
