/**
 * Parsers of flag values. Each throws commander's `InvalidArgumentError`, which the CLI reports as a usage
 * error (exit 2) naming the flag; none of them ever echoes a value that may be secret.
 */
import { InvalidArgumentError } from 'commander';

/** A number greater than zero (`--cpu 0.5`, `--memory 1.5`, `--timeout 30`). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number greater than 0.');
  return n;
}

/** An integer ≥ 0 (`--tail 100`). */
export function parseNonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return n;
}

/** A TCP/UDP port, 1–65535, collected into a list (`--port 80 --port 443`). */
export function collectPort(value: string, previous: number[] = []): number[] {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a port number from 1 to 65535.');
  return [...previous, n];
}

/** `K=V`, collected into a list (`--env A=1 --env B=2`). The value may be empty or hold `=`. */
export function collectKeyValue(value: string, previous: string[] = []): string[] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected NAME=VALUE (use --secure-env NAME for a secret read from the environment).');
  return [...previous, value];
}

/** Any string, collected into a list (`--secure-env A --secure-env B=2`); checked when the command runs. */
export function collect(value: string, previous: string[] = []): string[] {
  if (value === '' || value.startsWith('=')) throw new InvalidArgumentError('expected NAME or NAME=VALUE.');
  return [...previous, value];
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;

/** ACI's restart policies, matched case-insensitively as ARM matches enumeration values. */
export function parseRestartPolicy(value: string): string {
  const found = RESTART_POLICIES.find((p) => p.toLowerCase() === value.trim().toLowerCase());
  if (!found) throw new InvalidArgumentError(`expected one of ${RESTART_POLICIES.join(', ')}.`);
  return found;
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `90s`, `30m`, `2h`, `1d` or `1.5h`, in milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd])$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a duration such as 90s, 30m, 2h or 1d.');
  return Number(match[1]) * (DURATION_UNITS[match[2]!.toLowerCase()] ?? 0);
}
