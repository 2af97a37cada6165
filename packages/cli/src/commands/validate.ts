/**
 * `validate --file F`: checks a group file against ACI's rules without any backend call (no connection
 * is even resolved). Exit 0 when valid; 1 when not, listing every problem with its JSON path.
 */
import { isContainerHookError, validateContainerGroup, type ValidationProblem } from '@container-hook/core';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { readGroupFile } from '../group-file.js';

export interface ValidateOptions {
  file: string;
  name?: string;
}

/** What `validate --json` prints. */
export interface ValidateResult {
  file: string;
  name: string | undefined;
  format: string | undefined;
  valid: boolean;
  problems: ValidationProblem[];
}

/** The name checked when neither the file nor --name gives one (any valid name: the group's own rules still apply). */
const PLACEHOLDER_NAME = 'unnamed';

export async function validate(options: ValidateOptions, ctx: CommandContext): Promise<number> {
  let result: ValidateResult;
  try {
    const doc = await readGroupFile(options.file);
    const name = options.name ?? doc.name;
    const problems = validateContainerGroup(name ?? PLACEHOLDER_NAME, doc.group);
    result = { file: options.file, name, format: doc.format, valid: problems.length === 0, problems };
  } catch (e) {
    // A file that is not a container group at all is one more way of being invalid.
    if (!isContainerHookError(e, 'InvalidContainerGroup')) throw e;
    const problems = ((e as { problems?: ValidationProblem[] }).problems ?? []).slice();
    result = { file: options.file, name: options.name, format: undefined, valid: false, problems };
  }
  ctx.out.result(result, () => {
    const label = `${options.file}${result.name ? ` (${result.name}` : ''}${result.format ? `${result.name ? ', ' : ' ('}${result.format}` : ''}${result.name || result.format ? ')' : ''}`;
    if (result.valid) return `valid: ${label}`;
    const n = result.problems.length;
    return [`invalid: ${label}, ${n} problem${n === 1 ? '' : 's'}:`, ...result.problems.map((p) => `  ${p.path || '(document)'}: ${p.message}`)].join('\n');
  });
  return result.valid ? ExitCode.Success : ExitCode.Failure;
}
