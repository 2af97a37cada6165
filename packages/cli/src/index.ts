// The public surface of @container-hook/cli: named re-exports only.
export { buildCli } from './cli.js';
export type { Action, ActionOptions, CliHooks } from './cli.js';
export type { CommandContext, GlobalOptions, HookFactory } from './context.js';
export { ExitCode } from './exit-codes.js';
export { interruptOnSignals, main } from './main.js';
export type { MainOptions } from './main.js';
export { createOutput, formatTable } from './output.js';
export type { Output, OutputStream, OutputStreams } from './output.js';
export { UsageError } from './usage-error.js';
