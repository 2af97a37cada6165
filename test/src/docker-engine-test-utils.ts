/**
 * Test-only: what both contract runs that end on a Docker engine (the Docker backend, and the ACI backend
 * through the emulator) ask of the engine: the objects a run left, and forgetting a pulled image.
 */
import type { DockerContainerGroupHook } from '@container-hook/local-docker-backend';

/** The part of dockerode's client these helpers use (`getConn()` returns the backend's dockerode client). */
interface DockerClient {
  listContainers(options: { all: boolean; filters: { label: string[] } }): Promise<Array<{ Id: string; Names?: string[]; State?: string }>>;
  listVolumes(options: { filters: { label: string[] } }): Promise<{ Volumes?: Array<{ Name: string }> | null }>;
  listNetworks(options: { filters: { label: string[] } }): Promise<Array<{ Id: string; Name: string }>>;
  getImage(name: string): { remove(options: { force: boolean }): Promise<unknown> };
}

async function clientOf(hook: DockerContainerGroupHook | undefined): Promise<DockerClient> {
  if (!hook) throw new Error('the Docker hook was not made');
  return (await hook.getConn()) as unknown as DockerClient;
}

/** Every container, volume and network on the engine that carries `runLabel`, one description each. */
export async function dockerLeftovers(hook: DockerContainerGroupHook | undefined, runLabel: Readonly<Record<string, string>>): Promise<string[]> {
  const client = await clientOf(hook);
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
}

/** Removes a pulled image, so that the next group really pulls it; a missing image is fine. */
export async function forgetDockerImage(hook: DockerContainerGroupHook | undefined, image: string): Promise<void> {
  try {
    await (await clientOf(hook)).getImage(image).remove({ force: true });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
}
