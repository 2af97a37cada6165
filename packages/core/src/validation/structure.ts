/**
 * The first pass: the body against the zod schema, each issue put in our words (one sentence that never
 * echoes a value except a short enumeration miss).
 */
import { kindOf, formatPath, type PathSegment, type Problems } from './problems.js';
import { containerGroupSchema } from './schema.js';

/** Adds a problem for every place where `group` does not have the SDK model's structure. */
export function checkStructure(group: unknown, problems: Problems): void {
  const result = containerGroupSchema.safeParse(group, { error: (issue) => structuralMessage(issue as RawIssue) });
  for (const issue of result.error?.issues ?? []) problems.add(formatPath(issue.path), issue.message);
}

/** The subject of a structural message: the field's own name (`cpu`, `command[1]`, `tag "env"`). */
function labelOf(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the container group';
  let i = path.length - 1;
  while (i > 0 && typeof path[i] === 'number') i--;
  const key = path[i];
  const indices = path.slice(i + 1).map((n) => `[${String(n)}]`).join('');
  const parent = path[i - 1];
  if (typeof key === 'string' && parent === 'tags') return `tag ${JSON.stringify(key)}`;
  if (typeof key === 'string' && parent === 'secret') return `secret file ${JSON.stringify(key)}`;
  return `${String(key)}${indices}`;
}

const EXPECTED_KIND: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

interface RawIssue {
  code?: string;
  path?: PathSegment[];
  input?: unknown;
  expected?: string;
  values?: readonly unknown[];
}

/** One sentence for a zod issue, in our words; never echoes a value except a short enumeration miss. */
function structuralMessage(issue: RawIssue): string {
  const label = labelOf(issue.path ?? []);
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      if (!('input' in issue) || input === undefined) return `${label} is required`;
      if (issue.expected === 'int' && typeof input === 'number') return `${label} must be a whole number`;
      return `${label} must be ${EXPECTED_KIND[issue.expected ?? ''] ?? `of type ${issue.expected}`}, not ${kindOf(input)}`;
    }
    case 'invalid_value': {
      if (!('input' in issue) || input === undefined) return `${label} is required`;
      const values = (issue.values ?? []).map(String);
      const list = values.length > 1 ? `${values.slice(0, -1).map((v) => `"${v}"`).join(', ')} or "${values.at(-1)}"` : `"${values[0]}"`;
      if (typeof input !== 'string') return `${label} must be one of ${list}, not ${kindOf(input)}`;
      const sameButCase = values.find((v) => v.toLowerCase() === input.toLowerCase());
      if (sameButCase !== undefined) return `${label} must be written "${sameButCase}" (values are case-sensitive)`;
      const shown = input.length <= 40 ? ` "${input}"` : '';
      return `${label} must be one of ${list}; the value${shown} is not one of them`;
    }
    default:
      return `${label} is not valid`;
  }
}
