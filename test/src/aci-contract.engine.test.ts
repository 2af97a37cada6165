/**
 * The contract suite against `AciContainerGroupHook` — the official Azure SDK over HTTPS, with a token
 * from `@azure/identity` — talking to the ACI emulator, which runs the groups for real on the local
 * Docker engine. The same suite, unchanged, as `docker-contract.engine.test.ts` runs against Docker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AciContainerGroupHook } from '@container-hook/aci-backend';
import { startAciEmulator, type AciEmulator } from '@container-hook/aci-emulator';
import { Connection } from '@container-hook/core';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';
import { afterAll } from 'vitest';
import { describeContainerGroupHookContract } from './index.js';

/** The part of dockerode's client the leak check uses. */
interface DockerClient {
  listContainers(options: { all: boolean; filters: { label: string[] } }): Promise<Array<{ Id: string; Names?: string[]; State?: string }>>;
  listVolumes(options: { filters: { label: string[] } }): Promise<{ Volumes?: Array<{ Name: string }> | null }>;
  listNetworks(options: { filters: { label: string[] } }): Promise<Array<{ Id: string; Name: string }>>;
  getImage(name: string): { remove(options: { force: boolean }): Promise<unknown> };
}

let docker: DockerContainerGroupHook | undefined;
let emulator: AciEmulator | undefined;
let stateDir: string | undefined;

async function engine(): Promise<DockerClient> {
  if (!docker) throw new Error('the emulator was not started');
  return (await docker.getConn()) as unknown as DockerClient;
}

afterAll(async () => {
  await emulator?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describeContainerGroupHookContract(
  'ACI (Azure SDK → ACI emulator → Docker)',
  async ({ runLabel }) => {
    // The emulator's groups run on a Docker hook that labels them with the run's label, for the leak check.
    docker = new DockerContainerGroupHook(new Connection({ connId: 'aci_contract_engine', connType: 'docker' }), { labels: { ...runLabel }, stopTimeoutInSeconds: 1 });
    const check = await docker.testConnection();
    if (!check.ok) throw new Error(`no Docker engine answers (${check.message}); start one (scripts/setup) before running the engine tests`);
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'aci-contract-'));
    emulator = await startAciEmulator({ hook: docker, stateDir });
    const { conn_type: connType, login, password, extra } = emulator.connection;
    // Exactly what a user gets from `container-hook emulator`: the connection in Airflow's form.
    const connection = new Connection({ connId: 'aci_emulator', connType, login, password, extra: { ...extra } });
    return new AciContainerGroupHook(connection, { operationPollIntervalInMs: 100, followMinIntervalInMs: 200, followMaxIntervalInMs: 1000, maxRetries: 0 });
  },
  {
    // ACI's log API returns stdout and stderr as one text, without the stream of each line.
    capabilities: { logStreams: 'merged', publicPorts: 'declared-only' },
    listLeftovers: async (runLabel) => {
      const client = await engine();
      const label = Object.entries(runLabel).map(([k, v]) => `${k}=${v}`);
      const [containers, volumes, networks] = await Promise.all([
        client.listContainers({ all: true, filters: { label } }),
        client.listVolumes({ filters: { label } }),
        client.listNetworks({ filters: { label } }),
      ]);
      return [
        ...containers.map((c) => `container ${c.Names?.[0] ?? c.Id} (${c.State ?? '?'})`),
        ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
        ...networks.map((n) => `network ${n.Name}`),
      ];
    },
    registry: {
      forgetImage: async (image) => {
        try {
          await (await engine()).getImage(image).remove({ force: true });
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode !== 404) throw e;
        }
      },
    },
  },
);
