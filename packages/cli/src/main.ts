/**
 * The entry point: parses the command line, runs the selected action, and maps every outcome to an exit
 * status. The only `catch` of the CLI lives here; `bin/container-hook.js` sets `process.exitCode`.
 */
import { createRequire } from 'node:module';
import { CommanderError } from 'commander';
import { buildCli, type Action, type GlobalOptions } from './cli.js';
import { ExitCode } from './exit-codes.js';
import { createOutput, type OutputStreams } from './output.js';
import { reportError } from './report-error.js';

export interface MainOptions {
  streams?: OutputStreams;
  env?: NodeJS.ProcessEnv;
}

/** Runs `container-hook <argv…>` and resolves to the exit status; never throws, never calls process.exit. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const streams = options.streams ?? process;
  const env = options.env ?? process.env;
  let selected: { action: Action; globals: GlobalOptions } | undefined;
  const program = buildCli({ version: readVersion(), env, run: (action, globals) => (selected = { action, globals }) });
  program.exitOverride().configureOutput({
    writeOut: (s) => streams.stdout.write(s),
    writeErr: (s) => streams.stderr.write(s),
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; everything else commander rejects is usage.
      return e.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    }
    throw e;
  }
  if (!selected) {
    // A command group without its sub-command (e.g. `container-hook connections`): show its help.
    return ExitCode.Usage;
  }
  const { action, globals } = selected;
  const out = createOutput(globals, streams);
  try {
    return await action(globals, out);
  } catch (e) {
    reportError(e, globals, streams);
    return (e as { code?: unknown }).code === 'Usage' ? ExitCode.Usage : ExitCode.Failure;
  }
}

function readVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../package.json') as { version: string }).version;
}
