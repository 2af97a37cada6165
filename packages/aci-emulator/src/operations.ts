/**
 * Long-running operations as ARM runs them for ACI: the first response names an `Azure-AsyncOperation`
 * URL, which answers `{ id, status, startTime, properties: { events } }` until `status` is terminal.
 * The SDK keeps polling on any status it does not know as terminal (`Pending`, `Creating`), so the status is
 * never null. `Retry-After` goes only to clients other than the JS SDK (see `ArmRequest.retryAfterInSeconds`).
 * @see ../shared/reference/aci-rest-contract.md §2
 */
import { randomUUID } from 'node:crypto';
import type { ArmRequest } from './context.js';
import { CloudError } from './cloud-error.js';
import type { EmulatorStore, OperationRecord } from './store.js';

/** The api-version ARM puts in ACI's operation URLs, whatever the request used. */
const OPERATION_API_VERSION = '2018-06-01';

/** Starts an operation on `resourceId` and returns it with the header that points the client at it. */
export function startOperation(store: EmulatorStore, req: ArmRequest, subscriptionId: string, location: string, resourceId: string): { operation: OperationRecord; headers: Record<string, string> } {
  const operation: OperationRecord = { id: randomUUID(), subscriptionId, location, resourceId, status: 'Pending', startTime: new Date(), events: [], ...(req.operationDelayInMs ? { resultDelayInMs: req.operationDelayInMs } : {}) };
  store.addOperation(operation);
  const url = `${req.origin}/subscriptions/${subscriptionId}/providers/Microsoft.ContainerInstance/locations/${encodeURIComponent(location)}/operations/${operation.id}?api-version=${OPERATION_API_VERSION}`;
  return { operation, headers: { 'Azure-AsyncOperation': url, ...(req.retryAfterInSeconds !== undefined ? { 'Retry-After': String(req.retryAfterInSeconds) } : {}) } };
}

/** Ends an operation. */
export function finishOperation(operation: OperationRecord, status: 'Succeeded' | 'Failed' | 'Canceled', error?: { code: string; message: string }): void {
  operation.status = status;
  operation.endTime = new Date();
  if (error) operation.error = error;
}

/** The body of `GET …/locations/{location}/operations/{id}`. */
export function getOperationStatus(store: EmulatorStore, subscriptionId: string, operationId: string): unknown {
  const operation = store.getOperation(operationId);
  if (!operation || operation.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) {
    throw new CloudError(404, 'OperationNotFound', `The operation '${operationId}' was not found.`);
  }
  // A slowOperation fault: the result stays hidden (`Creating`) until resultDelayInMs past the end.
  const held = operation.resultDelayInMs !== undefined && (operation.endTime === undefined || Date.now() < operation.endTime.getTime() + operation.resultDelayInMs);
  if (held && operation.status !== 'Pending') {
    return { id: operation.resourceId, name: operation.id, status: 'Creating', startTime: operation.startTime.toISOString(), properties: { events: [] } };
  }
  return {
    id: operation.resourceId,
    name: operation.id,
    status: operation.status,
    startTime: operation.startTime.toISOString(),
    ...(operation.endTime ? { endTime: operation.endTime.toISOString() } : {}),
    properties: { events: operation.events.map((e) => ({ ...e, firstTimestamp: iso(e.firstTimestamp), lastTimestamp: iso(e.lastTimestamp) })) },
    ...(operation.error ? { error: operation.error } : {}),
  };
}

const iso = (d: Date | string | undefined): string | undefined => (d instanceof Date ? d.toISOString() : d);
