/**
 * The list of problems a validation builds, and the helpers both passes use to read input of any shape
 * without trusting it (and to describe a value without echoing it).
 */
import type { ValidationProblem } from '../errors.js';

export class Problems {
  readonly list: ValidationProblem[] = [];
  add(path: string, message: string): void {
    if (!this.list.some((p) => p.path === path && p.message === message)) this.list.push({ path, message });
  }
}

export type PathSegment = string | number | symbol;

/** `['containers', 0, 'resources']` → `containers[0].resources`; odd keys → `tags["a.b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** "a string", "null", "an array": the kind of a value, never the value (it may be a secret). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'object' || t === 'undefined' ? `an ${t}` : `a ${t}`;
}

export type Rec = Record<string, unknown>;

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function itemsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
