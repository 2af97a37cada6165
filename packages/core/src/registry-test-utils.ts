import type { Connection } from './connections/connection.js';
import type { ContainerGroupHook } from './hook.js';

/**
 * A hook for registry tests that only reports which backend built it and for which connection.
 * It stands in for a real backend because these tests are about selection, not about running groups
 * (the contract suite runs the real backends).
 */
export type FakeHook = ContainerGroupHook & { backend: string; connection: Connection };

export function makeFakeHook(backend: string, connection: Connection): FakeHook {
  const refuse = () => Promise.reject(new Error(`${backend}: not a real backend`));
  return {
    backend,
    connection,
    getConn: refuse,
    createOrUpdate: refuse,
    getState: refuse,
    getStateExitCodeDetails: refuse,
    getMessages: refuse,
    getLogs: refuse,
    followLogs: () => ({ [Symbol.asyncIterator]: () => ({ next: refuse }) }),
    delete: refuse,
    exists: refuse,
    list: () => ({ [Symbol.asyncIterator]: () => ({ next: refuse }) }),
    start: refuse,
    stop: refuse,
    restart: refuse,
    testConnection: async () => ({ ok: true, message: `${backend} for ${connection.connId}` }),
  };
}
