import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ContainerGroupHook } from '@container-hook/core';
import { describeConnectionContract } from './contract/connection.js';
import { createContractContext } from './contract/context.js';
import { describeEventsContract } from './contract/events.js';
import { describeExitCodesContract } from './contract/exit-codes.js';
import { describeFollowLogsContract } from './contract/follow-logs.js';
import { describeIdempotencyContract } from './contract/idempotency.js';
import { describeInitContainersContract } from './contract/init-containers.js';
import { describeLifecycleContract } from './contract/lifecycle.js';
import { describeLogsContract } from './contract/logs.js';
import { describeNetworkingContract } from './contract/networking.js';
import type { ContractOptions, HookFactory } from './contract/options.js';
import { describePortsContract } from './contract/ports.js';
import { describeRegistryPullContract } from './contract/registry-pull.js';
import { describeRestartPoliciesContract } from './contract/restart-policies.js';
import { describeRunLoopContract } from './contract/run-loop.js';
import { describeSecretsContract } from './contract/secrets.js';
import { describeStartStopContract } from './contract/start-stop.js';
import { describeValidationContract } from './contract/validation.js';
import { describeWatchContract } from './contract/watch.js';

/**
 * Declares the `ContainerGroupHook` contract suite (vitest `describe`/`it`) for one backend. Call it at
 * the top level of a test file; the suite makes the hook once with `makeHook`, runs every behaviour of
 * the contract against it, deletes what it created, and finally asserts that nothing carrying this run's
 * label is left (with `options.listLeftovers`, and the hook's own `list`).
 *
 * The backend must tag every object it creates with `runLabel` (the Docker backend: its `labels` option).
 *
 * @param name - what the suite is titled after, e.g. `"local Docker"`.
 * @param makeHook - makes the hook under test from this run's label.
 * @param options - image, resource group, leak check, registries, timeouts; see {@link ContractOptions}.
 * @example
 * ```ts
 * import { describeContainerGroupHookContract } from '@container-hook/contract-tests';
 * describeContainerGroupHookContract('my backend', ({ runLabel }) => new MyHook(connection, { labels: runLabel }), {
 *   listLeftovers: async (runLabel) => myBackend.listObjectsLabelled(runLabel),
 * });
 * ```
 */
export function describeContainerGroupHookContract(name: string, makeHook: HookFactory, options: ContractOptions = {}): void {
  let hook: ContainerGroupHook | undefined;
  const ctx = createContractContext(options, () => hook);

  describe(`ContainerGroupHook contract: ${name}`, () => {
    beforeAll(async () => {
      // Say what the cases adapted to, so that a reader of the run knows which expectations held.
      console.info(`contract suite "${name}": capabilities ${JSON.stringify(ctx.capabilities)}`);
      hook = await makeHook({ runLabel: ctx.runLabel });
    }, ctx.timeouts.hook);

    afterAll(async () => {
      if (!hook) return;
      // A safety net: every test deletes its groups when it ends.
      for (const groupName of ctx.names) await hook.delete(ctx.resourceGroup, groupName);
      const listed: string[] = [];
      for await (const g of hook.list(ctx.resourceGroup)) if (g.name && ctx.names.has(g.name)) listed.push(g.name);
      expect(listed, `groups of this run still listed in resource group "${ctx.resourceGroup}"`).toEqual([]);
      if (ctx.listLeftovers) {
        const leftovers = await ctx.listLeftovers(ctx.runLabel);
        expect(leftovers, `objects left with label ${JSON.stringify(ctx.runLabel)} after the suite`).toEqual([]);
      }
    }, ctx.timeouts.hook);

    describeConnectionContract(ctx);
    describeLifecycleContract(ctx);
    describeStartStopContract(ctx);
    describeExitCodesContract(ctx);
    describeLogsContract(ctx);
    describeFollowLogsContract(ctx);
    describeNetworkingContract(ctx);
    describePortsContract(ctx);
    describeInitContainersContract(ctx);
    describeRestartPoliciesContract(ctx);
    describeEventsContract(ctx);
    describeWatchContract(ctx);
    describeValidationContract(ctx);
    describeSecretsContract(ctx);
    describeIdempotencyContract(ctx);
    describeRegistryPullContract(ctx);
    describeRunLoopContract(ctx);
  });
}
