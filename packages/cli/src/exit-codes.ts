/**
 * The exit statuses of `container-hook`, as `docker run` and compose-cli use them. One table, read by
 * `main.ts` only.
 */
export const ExitCode = {
  Success: 0,
  /** The operation failed (for `exists`: the group does not exist). */
  Failure: 1,
  /** Usage: an unknown flag, a missing or bad argument. */
  Usage: 2,
  /** `run`: container-hook itself failed (not the container), as `docker run` exits 125. */
  ToolFailure: 125,
  /** Interrupted by Ctrl-C (SIGINT). */
  Interrupted: 130,
} as const;
