import { randomBytes } from 'node:crypto';
import { onTestFinished } from 'vitest';
import type { Container, ContainerGroup, ContainerGroupHook, ResourceRequests } from '@container-hook/core';
import type { ContractCapabilities, ContractOptions, ContractRegistryOptions } from './options.js';

/** The timeouts the suite uses, after defaults were applied. */
export interface ContractTimeouts {
  /** One `it`. */
  test: number;
  /** One `beforeAll`/`afterAll`. */
  hook: number;
  /** Waiting for one state change (a container terminating, a restart happening). */
  state: number;
}

/**
 * What every contract file receives: the hook (once the suite's `beforeAll` made it), this run's resource
 * group and label, and helpers that name and clean up groups.
 */
export interface ContractContext {
  /** The hook under test. Throws when read before the suite's `beforeAll` ran (or when the factory failed). */
  readonly hook: ContainerGroupHook;
  readonly resourceGroup: string;
  /** Random, lowercase, 8 characters: part of every group name of this run. */
  readonly runId: string;
  /** The label every object of this run carries (given to the factory), e.g. `{ 'container-hook.test-run': 'k3x9…' }`. */
  readonly runLabel: Readonly<Record<string, string>>;
  readonly image: string;
  readonly resources: ResourceRequests;
  readonly timeouts: ContractTimeouts;
  readonly registry: ContractRegistryOptions;
  /** The declared capabilities, defaults applied. */
  readonly capabilities: Required<ContractCapabilities>;
  readonly listLeftovers: ((runLabel: Readonly<Record<string, string>>) => Promise<string[]>) | undefined;
  /**
   * A group name unique to this run (`<prefix>-<runId>`). Called inside a test, the group is deleted when
   * that test ends (pass or fail); called elsewhere, by the suite's `afterAll`.
   */
  groupName(prefix: string): string;
  /** Every group name handed out, for the final clean-up. */
  readonly names: ReadonlySet<string>;
  /** A shell container running `script` with `sh -c`, on the suite's image and resources. */
  shContainer(name: string, script: string, extra?: Partial<Container>): Container;
  /** A Linux group of `containers`, restart policy `Never` unless `extra` says otherwise. */
  group(containers: Container[], extra?: Partial<ContainerGroup>): ContainerGroup;
}

const DEFAULT_IMAGE = 'container-hook/busybox:local';
export const DEFAULT_RUN_LABEL_KEY = 'container-hook.test-run';

/** Builds the context; `getHook` is read lazily because the hook is made in `beforeAll`. */
export function createContractContext(options: ContractOptions, getHook: () => ContainerGroupHook | undefined): ContractContext {
  const runId = randomRunId();
  const runLabel = Object.freeze({ [options.runLabelKey ?? DEFAULT_RUN_LABEL_KEY]: runId });
  const resourceGroup = options.resourceGroup ?? `contract-${runId}`;
  const image = options.image ?? DEFAULT_IMAGE;
  const resources: ResourceRequests = options.resources ?? { cpu: 1, memoryInGB: 0.5 };
  const timeouts: ContractTimeouts = {
    test: options.timeoutsInMs?.test ?? 120_000,
    hook: options.timeoutsInMs?.hook ?? 180_000,
    state: options.timeoutsInMs?.state ?? 60_000,
  };
  const names = new Set<string>();

  const ctx: ContractContext = {
    get hook(): ContainerGroupHook {
      const hook = getHook();
      if (!hook) throw new Error('the hook factory has not produced a hook (did it throw in beforeAll?)');
      return hook;
    },
    resourceGroup,
    runId,
    runLabel,
    image,
    resources,
    timeouts,
    registry: options.registry ?? {},
    capabilities: { logStreams: options.capabilities?.logStreams ?? 'separate', publicPorts: options.capabilities?.publicPorts ?? 'reachable' },
    listLeftovers: options.listLeftovers,
    names,
    groupName(prefix: string): string {
      const name = `${prefix}-${runId}`;
      if (name.length > 63) throw new RangeError(`contract suite bug: group name "${name}" is longer than 63 characters`);
      names.add(name);
      try {
        onTestFinished(async () => {
          await ctx.hook.delete(resourceGroup, name);
        }, timeouts.hook);
      } catch {
        // Not inside a test (a beforeAll): the suite's afterAll deletes it.
      }
      return name;
    },
    shContainer(name: string, script: string, extra: Partial<Container> = {}): Container {
      return { name, image, command: ['sh', '-c', script], resources: { requests: { ...resources } }, ...extra };
    },
    group(containers: Container[], extra: Partial<ContainerGroup> = {}): ContainerGroup {
      return { osType: 'Linux', restartPolicy: 'Never', containers, ...extra };
    },
  };
  return ctx;
}

function randomRunId(): string {
  // Starts with a letter so that names stay valid whatever the prefix.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(8);
  return [...bytes].map((b, i) => (i === 0 ? alphabet[b % 26] : alphabet[b % alphabet.length])).join('');
}
