/**
 * The exit statuses of `container-hook`, as `docker run` and compose-cli use them. One table, read by
 * `main.ts` and the commands that return a status of their own (`exists`, `validate`, `run`).
 */
export const ExitCode = {
  Success: 0,
  /** The operation failed (for `exists`: the group does not exist; for `validate`: the group is invalid). */
  Failure: 1,
  /** Usage: an unknown flag, a missing or bad argument. */
  Usage: 2,
  /** `run`: container-hook itself failed (not the container), as `docker run` exits 125. */
  ToolFailure: 125,
  /** Interrupted by Ctrl-C (SIGINT): 128 + 2. */
  Interrupted: 130,
  /** Terminated by SIGTERM: 128 + 15. */
  Terminated: 143,
  /** stdout was closed by its reader (`… | head`): 128 + SIGPIPE, as a shell pipeline reports it. */
  BrokenPipe: 141,
} as const;
