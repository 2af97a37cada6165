// A backend module for registry tests, imported only through a lazy loader: evaluating this file flips
// a global flag, so a test can prove the registry did not import it before a connection of its type was used.
import { ContainerModule } from 'inversify';
import { Connection } from './connections/connection.js';
import { ContainerGroupHook } from './hook.js';
import { makeFakeHook } from './registry-test-utils.js';

(globalThis as { lazyBackendEvaluations?: number }).lazyBackendEvaluations =
  ((globalThis as { lazyBackendEvaluations?: number }).lazyBackendEvaluations ?? 0) + 1;

export const lazyBackendModule = new ContainerModule(({ bind }) => {
  bind(ContainerGroupHook).toResolvedValue((c: Connection) => makeFakeHook('lazy', c), [Connection]);
});
