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
import { dockerLeftovers, forgetDockerImage } from './docker-engine-test-utils.js';
import { describeContainerGroupHookContract } from './index.js';

let docker: DockerContainerGroupHook | undefined;
let emulator: AciEmulator | undefined;
let stateDir: string | undefined;

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
    // ACI's log API returns stdout and stderr as one text, without the stream of each line; ARM's ports carry
    // no host port, so a group's public port is declared, not reachable at ip:port, through the emulator.
    capabilities: { logStreams: 'merged', publicPorts: 'declared-only' },
    listLeftovers: (runLabel) => dockerLeftovers(docker, runLabel),
    registry: { forgetImage: (image) => forgetDockerImage(docker, image) },
  },
);
