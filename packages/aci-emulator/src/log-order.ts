/**
 * ACI's log is one text, stdout and stderr merged in the order the lines were written. A hook may give
 * them in another order (the Docker backend reads each stream's window apart), so the emulator asks for
 * timestamps and orders the lines by them, stably, then drops the stamps the client did not ask for.
 * Pure functions.
 */

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/** A key that orders RFC 3339 stamps: Docker trims the fraction's trailing zeros, so text order is not time order. */
function keyOf(line: string): string | undefined {
  const m = STAMP.exec(line);
  if (!m) return undefined;
  const utc = m[3] === 'Z' ? m[1]! : new Date(`${m[1]}${m[3]}`).toISOString().slice(0, 19);
  return `${utc}.${(m[2] ?? '').padEnd(9, '0')}`;
}

/**
 * Stamped lines in time order (stable: lines with equal stamps, or none, keep their order; an unstamped
 * line stays after its predecessor), without their stamps unless `keepStamps`.
 */
export function toWrittenOrder(stampedLines: readonly string[], keepStamps: boolean): string[] {
  let previous = '';
  const keyed = stampedLines.map((line, index) => {
    const key = keyOf(line) ?? previous;
    previous = key;
    return { line, key, index };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  return keyed.map(({ line }) => (keepStamps ? line : line.replace(STAMP, '')));
}
