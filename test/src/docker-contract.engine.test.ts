import { Connection, type ContainerGroupHook } from '@container-hook/core';
import { DockerContainerGroupHook } from '@container-hook/local-docker-backend';
import { describeContainerGroupHookContract } from './index.js';

/** The part of dockerode's client the leak check uses (`getConn()` returns the backend's dockerode client). */
interface DockerClient {
  listContainers(options: { all: boolean; filters: { label: string[] } }): Promise<Array<{ Id: string; Names?: string[]; State?: string }>>;
  listVolumes(options: { filters: { label: string[] } }): Promise<{ Volumes?: Array<{ Name: string }> | null }>;
  listNetworks(options: { filters: { label: string[] } }): Promise<Array<{ Id: string; Name: string }>>;
  getImage(name: string): { remove(options: { force: boolean }): Promise<unknown> };
}

let hook: ContainerGroupHook | undefined;

async function docker(): Promise<DockerClient> {
  if (!hook) throw new Error('the Docker hook was not made');
  return (await hook.getConn()) as DockerClient;
}

describeContainerGroupHookContract(
  'local Docker',
  async ({ runLabel }) => {
    const made = new DockerContainerGroupHook(new Connection({ connId: 'contract_tests', connType: 'docker' }), { labels: { ...runLabel } });
    const check = await made.testConnection();
    if (!check.ok) throw new Error(`no Docker engine answers (${check.message}); start one (see .ci/run) before running the engine tests`);
    hook = made;
    return made;
  },
  {
    listLeftovers: async (runLabel) => {
      const client = await docker();
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
          await (await docker()).getImage(image).remove({ force: true });
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode !== 404) throw e;
        }
      },
    },
  },
);
