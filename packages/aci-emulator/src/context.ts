/** What every handler of the emulator works with. */
import type { ContainerGroupHook } from '@container-hook/core';
import type { ImageMap } from './image-map.js';
import type { EmulatorStore } from './store.js';

export interface EmulatorContext {
  store: EmulatorStore;
  /** Runs the groups for real. */
  hook: ContainerGroupHook;
  imageMap: ImageMap;
  /** The emulator's tenant (shown on system-assigned identities). */
  tenantId: string;
  /** The emulator's own subscription (what `GET /subscriptions` lists; any other id is served too). */
  subscriptionId: string;
  /** When true, an unknown resource group is `ResourceGroupNotFound`; when false it is created on first use. */
  strictResourceGroups: boolean;
  /** Items per list page before a `nextLink`. */
  pageSize: number;
}

/** The request facts every ARM handler needs. */
export interface ArmRequest {
  /** `https://host:port` as the client addressed the emulator (links it is given point back there). */
  origin: string;
  /** The request's `api-version`. */
  apiVersion: string;
  /**
   * `Retry-After` (seconds) to put on long-running operations' answers, or undefined for none. Python's
   * azure-core (the Azure CLI) waits 30 s between polls unless told otherwise; the JS SDK polls at its own
   * `updateIntervalInMs`, which a `Retry-After` would override, so it gets none.
   */
  retryAfterInSeconds: number | undefined;
  /** A `slowOperation` fault on this request: how much longer an operation it starts shows `Creating` (ms; 0 for none). */
  operationDelayInMs?: number;
}
