/** `test-connection`: checks that the backend of `--conn` answers, creating nothing. Exit 1 when it does not. */
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

export type TestConnectionCommandOptions = Record<string, never>;

export async function testConnection(_options: TestConnectionCommandOptions, ctx: CommandContext): Promise<number> {
  const hook = await ctx.hook();
  const result = await hook.testConnection({ abortSignal: ctx.abortSignal });
  ctx.out.result({ connection: ctx.globals.conn, ...result }, () => `${result.ok ? 'ok' : 'failed'}: connection "${ctx.globals.conn}": ${result.message}`);
  return result.ok ? ExitCode.Success : ExitCode.Failure;
}
