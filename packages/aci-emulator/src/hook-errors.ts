/**
 * The hook's typed errors → ARM's CloudErrors, the one place that knows both. A client of the emulator
 * sees the codes real ARM sends for the same situation.
 */
import { isContainerHookError, type InvalidContainerGroupError, type ValidationProblem } from '@container-hook/core';
import { CloudError, containerGroupNotFound } from './cloud-error.js';

/** The 400 ARM answers for a body that breaks service rules: one detail per problem, its JSON path as `target`. */
export function invalidContainerGroup(name: string, problems: readonly ValidationProblem[], message?: string): CloudError {
  const first = problems[0];
  return new CloudError(400, 'InvalidContainerGroup', message ?? `The container group '${name}' is invalid: ${first ? `${first.path}: ${first.message}` : 'no details'}.`, {
    ...(first ? { target: first.path } : {}),
    details: problems.map((p) => ({ code: 'InvalidContainerGroup', message: p.message, target: p.path })),
  });
}

/** A CloudError for what the hook threw while serving a request for `resourceGroup/name`. */
export function toCloudError(e: unknown, resourceGroup: string, name: string): CloudError {
  if (e instanceof CloudError) return e;
  if (isContainerHookError(e, 'ContainerGroupNotFound')) return containerGroupNotFound(resourceGroup, name);
  if (isContainerHookError(e, 'InvalidContainerGroup')) return invalidContainerGroup(name, (e as InvalidContainerGroupError).problems, e.message);
  if (isContainerHookError(e, 'UnsupportedFeature')) return new CloudError(400, 'UnsupportedFeature', e.message);
  if (isContainerHookError(e, 'BackendUnavailable')) return new CloudError(503, 'ServiceUnavailable', `The container runtime behind the emulator is unavailable: ${e.message}`);
  if (e instanceof RangeError || e instanceof TypeError) return new CloudError(400, 'InvalidParameter', e.message);
  const message = e instanceof Error ? e.message : String(e);
  return new CloudError(500, 'InternalServerError', `The emulator failed to serve the request: ${message}`);
}
