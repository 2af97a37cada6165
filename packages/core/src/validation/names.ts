/**
 * ACI's naming rules (aci-rest-contract.md §4, the Microsoft Learn naming table): the container group,
 * containers, volumes, environment variables and the DNS name label.
 */
import { kindOf, type Problems } from './problems.js';

interface NameRule {
  /** What the name names, for messages: "the container name". */
  label: string;
  min: number;
  max: number;
  /** One allowed character. */
  allowed: RegExp;
  allowedText: string;
  /** The separator that may not start or end the name. */
  separator: '-' | '_';
  /** Whether two separators in a row are allowed. */
  doubleSeparator: boolean;
}

export const NAME_RULES = {
  // Microsoft Learn's container-group guidance says lowercase, but the real service accepted
  // "mycontainerGroupxxx" (aci-recordings/*/recording_containergroups_create_test.json): upper case is allowed.
  group: {
    label: 'the container group name',
    min: 1,
    max: 63,
    allowed: /[A-Za-z0-9-]/,
    allowedText: 'letters, digits and hyphens',
    separator: '-',
    doubleSeparator: false,
  },
  // §4 table: 1–63, lowercase alphanumeric, hyphen anywhere except first/last (so "a--b" is allowed).
  container: {
    label: 'the container name',
    min: 1,
    max: 63,
    allowed: /[a-z0-9-]/,
    allowedText: 'lowercase letters, digits and hyphens',
    separator: '-',
    doubleSeparator: true,
  },
  // §4 table: 5–63, lowercase alphanumeric and hyphens except first/last, no two consecutive hyphens.
  volume: {
    label: 'the volume name',
    min: 5,
    max: 63,
    allowed: /[a-z0-9-]/,
    allowedText: 'lowercase letters, digits and hyphens',
    separator: '-',
    doubleSeparator: false,
  },
  // §4 table: 1–63, case-insensitive alphanumeric, underscore except first/last. We follow the service's
  // documented rule rather than POSIX's (which allows a leading underscore and forbids a leading digit):
  // the validator's job is to predict what ACI accepts, so "_X" is refused here rather than by the
  // service later, and "1X" (which ACI documents as valid) is accepted.
  environmentVariable: {
    label: 'the environment variable name',
    min: 1,
    max: 63,
    allowed: /[A-Za-z0-9_]/,
    allowedText: 'letters, digits and underscores',
    separator: '_',
    doubleSeparator: true,
  },
  // §4 table: 5–63, case-insensitive alphanumeric, hyphen except first/last.
  dnsNameLabel: {
    label: 'the DNS name label',
    min: 5,
    max: 63,
    allowed: /[A-Za-z0-9-]/,
    allowedText: 'letters, digits and hyphens',
    separator: '-',
    doubleSeparator: true,
  },
} satisfies Record<string, NameRule>;

/** The first rule `value` breaks, as a sentence, or undefined. Echoes at most the one bad character. */
export function nameProblem(value: string, rule: NameRule): string | undefined {
  const { label, min, max, separator } = rule;
  if (value.length === 0) return `${label} must not be empty`;
  if (value.length < min) return `${label} must be at least ${min} characters long (it has ${value.length})`;
  if (value.length > max) return `${label} must be at most ${max} characters long (it has ${value.length})`;
  const bad = [...value].find((c) => !rule.allowed.test(c));
  if (bad !== undefined) return `${label} may contain only ${rule.allowedText}, and ${JSON.stringify(bad)} is not one of them`;
  if (value.startsWith(separator) || value.endsWith(separator)) return `${label} must not start or end with "${separator}"`;
  if (!rule.doubleSeparator && value.includes(separator + separator)) return `${label} must not contain two "${separator}" in a row`;
  return undefined;
}

export function checkGroupName(name: unknown, problems: Problems): void {
  if (typeof name !== 'string') problems.add('name', `the container group name must be a string, not ${kindOf(name)}`);
  else {
    const problem = nameProblem(name, NAME_RULES.group);
    if (problem) problems.add('name', problem);
  }
}
