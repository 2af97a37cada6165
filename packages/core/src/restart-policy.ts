import { KnownContainerGroupRestartPolicy } from './model.js';

/**
 * Whether a container that exited with `exitCode` will be started again under `restartPolicy`
 * (ACI's default, `Always`, when undefined). Unknown policies are taken as "restarts", so a run never
 * ends early on a policy a newer service introduced.
 */
export function willRestart(restartPolicy: string | undefined, exitCode: number): boolean {
  switch (restartPolicy ?? KnownContainerGroupRestartPolicy.Always) {
    case KnownContainerGroupRestartPolicy.Never:
      return false;
    case KnownContainerGroupRestartPolicy.OnFailure:
      return exitCode !== 0;
    default:
      return true;
  }
}
