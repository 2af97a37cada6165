/**
 * Checks the `tail` argument of `getLogs`: a number of lines, so a non-negative integer (0 asks for no
 * lines). Call it before any backend call, so that every backend rejects the same bad values the same way.
 * @param tail - the number of lines asked for.
 * @throws {RangeError} when `tail` is negative or not an integer (`1.5`, `NaN`, `Infinity`).
 * @see https://learn.microsoft.com/rest/api/container-instances/containers/list-logs
 */
export function assertValidTail(tail: number): void {
  if (!Number.isInteger(tail) || tail < 0) throw new RangeError(`tail must be a non-negative integer, got ${tail}`);
}
