/**
 * The emulator's one store: resource groups, container groups and long-running operations, in memory.
 * Every handler reads and writes through it, so persistence and metrics can later plug in at one place.
 * ARM names are case-insensitive: keys are lower-cased, records keep the spelling of their creation.
 */
import type { ContainerGroup, Event } from '@container-hook/core';

/** A resource group as ARM models it. */
export interface ResourceGroupRecord {
  subscriptionId: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
}

/** Where a container group is in its provisioning, as `properties.provisioningState` reports it. */
export type ProvisioningState = 'Pending' | 'Creating' | 'Succeeded' | 'Failed' | 'Deleting';

/** A container group: the definition as the client sent it (secrets included, memory only) and its provisioning. */
export interface ContainerGroupRecord {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** The group as PUT (and PATCHed tags) gave it, in the model's shape, secrets included. */
  spec: ContainerGroup;
  provisioningState: ProvisioningState;
  /** Events the emulator itself raised (an unsupported field, a failed provisioning). */
  events: Event[];
  /** Bumped by every PUT and DELETE: a provisioning that finishes after a newer one started is ignored. */
  generation: number;
  /** Whether the backing hook holds a group of this name (so reads ask it for instance views). */
  provisioned: boolean;
}

/** An operation status, as the `Azure-AsyncOperation` URL answers it. */
export type OperationStatus = 'Pending' | 'Creating' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationRecord {
  id: string;
  subscriptionId: string;
  location: string;
  /** The ARM id of the resource the operation works on. */
  resourceId: string;
  status: OperationStatus;
  startTime: Date;
  endTime?: Date;
  error?: { code: string; message: string };
  /** The events of the provisioning, shown under `properties.events` once it ended. */
  events: Event[];
  /** A `slowOperation` fault: the status shows `Creating` this many ms past the end before the result. */
  resultDelayInMs?: number;
}

const key = (...parts: string[]): string => parts.map((p) => p.toLowerCase()).join('/');

/** The emulator's state. */
export class EmulatorStore {
  readonly #resourceGroups = new Map<string, ResourceGroupRecord>();
  readonly #groups = new Map<string, ContainerGroupRecord>();
  /** `listGroups` answers by prefix, sorted; kept until a group is added or removed, so paging a large list costs a slice per page. */
  readonly #sortedLists = new Map<string, ContainerGroupRecord[]>();
  readonly #operations = new Map<string, OperationRecord>();
  /** The pending work per group name: requests for one group run one after the other, other groups never wait. */
  readonly #queues = new Map<string, Promise<unknown>>();

  getResourceGroup(subscriptionId: string, name: string): ResourceGroupRecord | undefined {
    return this.#resourceGroups.get(key(subscriptionId, name));
  }

  putResourceGroup(record: ResourceGroupRecord): { record: ResourceGroupRecord; created: boolean } {
    const k = key(record.subscriptionId, record.name);
    const existing = this.#resourceGroups.get(k);
    // ARM keeps the name's first spelling and its location; a PUT updates the tags.
    const stored = existing ? { ...existing, ...(record.tags !== undefined ? { tags: record.tags } : {}) } : record;
    this.#resourceGroups.set(k, stored);
    return { record: stored, created: !existing };
  }

  deleteResourceGroup(subscriptionId: string, name: string): boolean {
    return this.#resourceGroups.delete(key(subscriptionId, name));
  }

  listResourceGroups(subscriptionId: string): ResourceGroupRecord[] {
    return [...this.#resourceGroups.values()].filter((r) => r.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  }

  getGroup(subscriptionId: string, resourceGroup: string, name: string): ContainerGroupRecord | undefined {
    return this.#groups.get(key(subscriptionId, resourceGroup, name));
  }

  setGroup(record: ContainerGroupRecord): void {
    this.#groups.set(key(record.subscriptionId, record.resourceGroup, record.name), record);
    this.#sortedLists.clear();
  }

  deleteGroup(record: ContainerGroupRecord): void {
    const k = key(record.subscriptionId, record.resourceGroup, record.name);
    if (this.#groups.get(k) === record) {
      this.#groups.delete(k);
      this.#sortedLists.clear();
    }
  }

  /** The groups of a subscription (or of one resource group), ordered by resource group, then name. */
  listGroups(subscriptionId: string, resourceGroup?: string): readonly ContainerGroupRecord[] {
    const prefix = resourceGroup === undefined ? key(subscriptionId) + '/' : key(subscriptionId, resourceGroup) + '/';
    let sorted = this.#sortedLists.get(prefix);
    if (!sorted) {
      sorted = [...this.#groups.entries()]
        .filter(([k]) => k.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, r]) => r);
      this.#sortedLists.set(prefix, sorted);
    }
    return sorted;
  }

  allGroups(): ContainerGroupRecord[] {
    return [...this.#groups.values()];
  }

  addOperation(record: OperationRecord): void {
    this.#operations.set(record.id.toLowerCase(), record);
  }

  getOperation(id: string): OperationRecord | undefined {
    return this.#operations.get(id.toLowerCase());
  }

  /**
   * Runs `work` after the work already queued on the group of that name (whether or not it exists), so
   * that PUT, DELETE, start, stop and restart of one group apply to the hook in the order they came;
   * returns its result. A failure does not block the work queued after it; other groups never wait.
   */
  enqueue<T>(subscriptionId: string, resourceGroup: string, name: string, work: () => Promise<T>): Promise<T> {
    const k = key(subscriptionId, resourceGroup, name);
    const next = (this.#queues.get(k) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    this.#queues.set(k, tail);
    void tail.then(() => {
      if (this.#queues.get(k) === tail) this.#queues.delete(k);
    });
    return next;
  }

  /** Resolves once every queued piece of work has finished. */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.all(this.#queues.values());
  }
}
