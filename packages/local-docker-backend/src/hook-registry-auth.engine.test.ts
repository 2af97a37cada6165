// Registry credentials that do not come with the group: the connection's host/login/password (Airflow's
// docker connection holds registry credentials) and the Docker config (`auths`, as `docker login` writes
// it). Runs against the authenticated registry on loopback that test/scripts/start-registry.sh starts.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, type ContainerGroup } from '@container-hook/core';
import type Docker from 'dockerode';

const env = process.env;
const registry = env.CONTAINER_HOOK_TEST_AUTH_REGISTRY;
const user = env.CONTAINER_HOOK_TEST_REGISTRY_USER;
const password = env.CONTAINER_HOOK_TEST_REGISTRY_PASSWORD;
const repository = env.CONTAINER_HOOK_TEST_REGISTRY_IMAGE ?? 'container-hook/busybox:contract';
if (!registry || !user || !password) {
  throw new Error('the authenticated test registry is not configured: run eval "$(test/scripts/start-registry.sh)" first (scripts/test does)');
}
const image = `${registry}/${repository}`;
// testcontainers reads the Docker config once, when first imported: set it before importing the backend.
env.DOCKER_AUTH_CONFIG = JSON.stringify({ auths: { [registry]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } });
const { DockerContainerGroupHook } = await import('./index.js');

const runLabel = { 'container-hook.test-run': `auth-${randomBytes(4).toString('hex')}` };
const rg = `auth-${runLabel['container-hook.test-run']}`;
const group: ContainerGroup = {
  osType: 'Linux',
  restartPolicy: 'Never',
  containers: [{ name: 'pulled', image, command: ['sh', '-c', 'echo pulled'], resources: { requests: { cpu: 1, memoryInGB: 0.5 } } }],
};

let docker: Docker;
const forgetImage = () => docker.getImage(image).remove({ force: true }).catch(() => undefined);

describe('registry credentials from the connection and the Docker config', () => {
  beforeAll(async () => {
    docker = (await new DockerContainerGroupHook(new Connection({ connId: 'x', connType: 'docker' })).getConn()) as Docker;
  });
  afterAll(async () => {
    await forgetImage();
    const left = await docker.listContainers({ all: true, filters: { label: [`container-hook.test-run=${runLabel['container-hook.test-run']}`] } });
    expect(left).toEqual([]);
  });

  it("pulls with the connection's login and password when its host is the image's registry", async () => {
    await forgetImage();
    // The Docker config would work too: the wrong-password test below proves the connection's credentials come first.
    const hook = new DockerContainerGroupHook(new Connection({ connId: 'reg', connType: 'docker', host: registry, login: user, password }), { labels: runLabel });
    try {
      const state = await hook.createOrUpdate(rg, 'from-connection', group, { wait: true });
      expect(state.provisioningState).toBe('Succeeded');
      expect(JSON.stringify(state)).not.toContain(password);
    } finally {
      await hook.delete(rg, 'from-connection');
    }
  });

  it('pulls with the Docker config when neither the group nor the connection has credentials', async () => {
    await forgetImage();
    const hook = new DockerContainerGroupHook(new Connection({ connId: 'plain', connType: 'docker' }), { labels: runLabel });
    try {
      const state = await hook.createOrUpdate(rg, 'from-config', group, { wait: true });
      expect(state.provisioningState).toBe('Succeeded');
    } finally {
      await hook.delete(rg, 'from-config');
    }
  });

  it("fails the pull (provisioningState Failed, an event naming the image) with a wrong connection password, never showing it", async () => {
    await forgetImage();
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const hook = new DockerContainerGroupHook(new Connection({ connId: 'bad', connType: 'docker', host: registry, login: user, password: wrong }), { labels: runLabel });
    try {
      const state = await hook.createOrUpdate(rg, 'wrong-password', group, { wait: true });
      expect(state.provisioningState).toBe('Failed');
      const messages = await hook.getMessages(rg, 'wrong-password');
      expect(messages.join('\n')).toContain(image);
      expect(JSON.stringify(state) + messages.join('\n')).not.toContain(wrong);
    } finally {
      await hook.delete(rg, 'wrong-password');
    }
  });
});
