/**
 * Test-only: the ACI emulator on the local Docker engine, its objects labelled for this run so that a leak
 * check finds them (as the emulator's own emulator-test-utils.ts does; a package's test utilities are not
 * part of its exports, so the few lines are repeated here).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAciEmulator, type AciEmulator, type AciEmulatorOptions } from '@container-hook/aci-emulator';
import { Connection, isContainerHookError, type ContainerHookError } from '@container-hook/core';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';
import { expect } from 'vitest';

export const RUN_LABEL = 'container-hook.test-run';
/** The image scripts/setup builds; the recorded sessions' `nginx` maps to it. */
export const BUSYBOX = 'container-hook/busybox:local';

export interface TestEmulator {
  emulator: AciEmulator;
  /** The emulator's state folder (a temporary one), also a place for a test's files. */
  stateDir: string;
  /** Every container, volume and network of this run left on the engine. */
  leftovers(): Promise<string[]>;
  /** Stops the emulator (deleting its groups) and removes the state folder. */
  stop(): Promise<void>;
}

interface DockerLister {
  listContainers(o: unknown): Promise<Array<{ Id: string; Names?: string[] }>>;
  listVolumes(o: unknown): Promise<{ Volumes?: Array<{ Name: string }> | null }>;
  listNetworks(o: unknown): Promise<Array<{ Name: string }>>;
}

/** Starts an emulator on a Docker hook labelled for this run; fails with a clear message when no engine answers. */
export async function startTestEmulator(options: Omit<AciEmulatorOptions, 'hook' | 'stateDir'> = {}): Promise<TestEmulator> {
  const runId = randomUUID().slice(0, 8);
  const hook = new DockerContainerGroupHook(new Connection({ connId: 'aci_backend_test', connType: 'docker' }), { labels: { [RUN_LABEL]: runId }, stopTimeoutInSeconds: 1 });
  const check = await hook.testConnection();
  if (!check.ok) throw new Error(`no Docker engine answers (${check.message}); start one (scripts/setup) before running the engine tests`);
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'aci-backend-test-'));
  const emulator = await startAciEmulator({ ...options, hook, stateDir });
  return {
    emulator,
    stateDir,
    async leftovers() {
      const docker = (await hook.getConn()) as unknown as DockerLister;
      const filters = { label: [`${RUN_LABEL}=${runId}`] };
      const [containers, volumes, networks] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listVolumes({ filters }), docker.listNetworks({ filters })]);
      return [...containers.map((c) => `container ${c.Names?.[0] ?? c.Id}`), ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`), ...networks.map((n) => `network ${n.Name}`)];
    },
    async stop() {
      await emulator.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** What `work` rejects with, asserted to be a core error (typed, with a code). */
export async function rejection(work: () => Promise<unknown>): Promise<ContainerHookError> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isContainerHookError(error), `not a core error: ${String(error)}`).toBe(true);
  return error as ContainerHookError;
}
