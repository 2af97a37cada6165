// An in-memory ContainerGroupHook for the ACI emulator, for benchmarks of the ARM/SDK path only (aci-exists):
// groups live in a Map and "run" instantly, so thousands of them cost no Docker containers. Not a backend:
// just enough of the contract for the emulator's PUT, GET, list and DELETE.
import {
  ContainerGroupNotFoundError,
  toListItem,
  toMessages,
  toStateSummary,
  type ContainerGroup,
  type ContainerGroupHook,
  type ContainerStateSummary,
  type LogLine,
  type TestConnectionResult,
} from '@container-hook/core';

const key = (resourceGroup: string, name: string) => `${resourceGroup.toLowerCase()}/${name.toLowerCase()}`;

export class InMemoryContainerGroupHook implements ContainerGroupHook {
  readonly #groups = new Map<string, ContainerGroup>();

  /** How many groups it holds (0 after the emulator stopped and deleted them). */
  get size(): number {
    return this.#groups.size;
  }

  async getConn(): Promise<Map<string, ContainerGroup>> {
    return this.#groups;
  }

  async createOrUpdate(resourceGroup: string, name: string, group: ContainerGroup): Promise<ContainerGroup> {
    const now = new Date();
    const stored: ContainerGroup = {
      ...group,
      name,
      type: 'Microsoft.ContainerInstance/containerGroups',
      provisioningState: 'Succeeded',
      containers: group.containers.map((c) => ({
        ...c,
        instanceView: { restartCount: 0, currentState: { state: 'Running', startTime: now, detailStatus: '' }, events: [] },
      })),
      instanceView: { state: 'Running', events: [] },
    };
    this.#groups.set(key(resourceGroup, name), stored);
    return structuredClone(stored);
  }

  async getState(resourceGroup: string, name: string): Promise<ContainerGroup> {
    const g = this.#groups.get(key(resourceGroup, name));
    if (!g) throw new ContainerGroupNotFoundError(resourceGroup, name);
    return structuredClone(g);
  }

  async getStateExitCodeDetails(resourceGroup: string, name: string): Promise<ContainerStateSummary> {
    return toStateSummary(name, await this.getState(resourceGroup, name));
  }

  async getMessages(resourceGroup: string, name: string): Promise<string[]> {
    return toMessages(name, await this.getState(resourceGroup, name));
  }

  async getLogs(resourceGroup: string, name: string): Promise<string[]> {
    await this.getState(resourceGroup, name);
    return [];
  }

  async *followLogs(resourceGroup: string, name: string): AsyncIterable<LogLine> {
    await this.getState(resourceGroup, name);
  }

  async delete(resourceGroup: string, name: string): Promise<void> {
    this.#groups.delete(key(resourceGroup, name));
  }

  async exists(resourceGroup: string, name: string): Promise<boolean> {
    return this.#groups.has(key(resourceGroup, name));
  }

  async *list(resourceGroup?: string): AsyncIterable<ContainerGroup> {
    const prefix = resourceGroup === undefined ? '' : `${resourceGroup.toLowerCase()}/`;
    for (const [k, g] of this.#groups) if (k.startsWith(prefix)) yield toListItem(structuredClone(g));
  }

  async start(resourceGroup: string, name: string): Promise<void> {
    await this.getState(resourceGroup, name);
  }

  async stop(resourceGroup: string, name: string): Promise<void> {
    await this.getState(resourceGroup, name);
  }

  async restart(resourceGroup: string, name: string): Promise<void> {
    await this.getState(resourceGroup, name);
  }

  async testConnection(): Promise<TestConnectionResult> {
    return { ok: true, message: `in memory (${this.#groups.size} groups)` };
  }
}
