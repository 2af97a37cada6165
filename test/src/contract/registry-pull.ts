import { describe, expect, it } from 'vitest';
import type { ContainerGroup, Event } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { waitForGroup, waitForTerminated } from './wait.js';

const HOW_TO_START =
  'start the test registries with `eval "$(test/scripts/start-registry.sh)"` (run from the repository root, as root: it installs Debian\'s docker-registry and apache2-utils when missing), ' +
  'or pass `registry` in the contract options';

interface Registries {
  openServer: string;
  authServer: string;
  username: string;
  password: string;
  repository: string;
}

/** The registries, from the options, else the environment; a clear failure when neither says. */
function registriesOf(ctx: ContractContext): Registries {
  const r = ctx.registry;
  const env = process.env;
  const found = {
    openServer: r.openServer ?? env.CONTAINER_HOOK_TEST_REGISTRY,
    authServer: r.authServer ?? env.CONTAINER_HOOK_TEST_AUTH_REGISTRY,
    username: r.username ?? env.CONTAINER_HOOK_TEST_REGISTRY_USER,
    password: r.password ?? env.CONTAINER_HOOK_TEST_REGISTRY_PASSWORD,
    repository: r.repository ?? env.CONTAINER_HOOK_TEST_REGISTRY_IMAGE ?? 'container-hook/busybox:contract',
  };
  const missing = (
    [
      ['openServer', 'CONTAINER_HOOK_TEST_REGISTRY'],
      ['authServer', 'CONTAINER_HOOK_TEST_AUTH_REGISTRY'],
      ['username', 'CONTAINER_HOOK_TEST_REGISTRY_USER'],
      ['password', 'CONTAINER_HOOK_TEST_REGISTRY_PASSWORD'],
    ] as const
  )
    .filter(([k]) => !found[k])
    .map(([, v]) => v);
  if (missing.length > 0) {
    throw new Error(`the image-pull tests need a registry on loopback, but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set; ${HOW_TO_START}`);
  }
  return found as Registries;
}

function allEvents(g: ContainerGroup): Event[] {
  return [...(g.instanceView?.events ?? []), ...g.containers.flatMap((c) => c.instanceView?.events ?? [])];
}

/** Image pull from a real registry: open, with credentials, without them, with wrong ones. */
export function describeRegistryPullContract(ctx: ContractContext): void {
  describe('image pull from a registry', () => {
    /** Forgets `image` before and after `fn`, so that the backend really pulls it. */
    async function withFreshImage(image: string, fn: () => Promise<void>): Promise<void> {
      await ctx.registry.forgetImage?.(image);
      try {
        await fn();
      } finally {
        await ctx.registry.forgetImage?.(image);
      }
    }

    async function runPulled(name: string, image: string, extra: Partial<ContainerGroup> = {}): Promise<ContainerGroup> {
      const group = ctx.group([{ ...ctx.shContainer(name, 'echo pulled-ok'), image }], extra);
      await ctx.hook.createOrUpdate(ctx.resourceGroup, name, group, { wait: true });
      return waitForTerminated(ctx, name);
    }

    async function expectFailedPull(name: string, image: string, extra: Partial<ContainerGroup> = {}): Promise<ContainerGroup> {
      const group = ctx.group([{ ...ctx.shContainer(name, 'echo should-not-run'), image }], extra);
      // issue 3: "a failed pull gives provisioningState Failed and an event naming the image".
      await ctx.hook.createOrUpdate(ctx.resourceGroup, name, group, { wait: true });
      const failed = await waitForGroup(ctx, name, 'provisioningState Failed', (g) => g.provisioningState === 'Failed');
      const events = allEvents(failed);
      expect(events.some((e) => (e.message ?? '').includes(image)), `an event naming ${image} among ${JSON.stringify(events)}`).toBe(true);
      expect(failed.containers[0]?.instanceView?.currentState?.state).not.toBe('Running');
      expect(failed.containers[0]?.instanceView?.currentState?.state).not.toBe('Terminated');
      return failed;
    }

    it('pulls from an open registry without credentials', async () => {
      const reg = registriesOf(ctx);
      const image = `${reg.openServer}/${reg.repository}`;
      await withFreshImage(image, async () => {
        const name = ctx.groupName('pullopen');
        await runPulled(name, image);
        expect(await ctx.hook.getStateExitCodeDetails(ctx.resourceGroup, name)).toMatchObject({ state: 'Terminated', exitCode: 0 });
        expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 10)).toEqual(['pulled-ok\n']);
      });
    }, ctx.timeouts.test);

    it('a pull from an authenticated registry without credentials fails: provisioningState Failed, an event naming the image', async () => {
      const reg = registriesOf(ctx);
      const image = `${reg.authServer}/${reg.repository}`;
      await withFreshImage(image, async () => {
        await expectFailedPull(ctx.groupName('pullnocreds'), image);
      });
    }, ctx.timeouts.test);

    it('a pull with a wrong password fails the same way, and the password shows nowhere', async () => {
      const reg = registriesOf(ctx);
      const image = `${reg.authServer}/${reg.repository}`;
      const wrong = `wrong-${reg.password}-x`;
      await withFreshImage(image, async () => {
        const failed = await expectFailedPull(ctx.groupName('pullbadcreds'), image, {
          imageRegistryCredentials: [{ server: reg.authServer, username: reg.username, password: wrong }],
        });
        expect(JSON.stringify(failed).includes(wrong)).toBe(false);
      });
    }, ctx.timeouts.test);

    it('pulls from an authenticated registry with imageRegistryCredentials; the password is never returned', async () => {
      const reg = registriesOf(ctx);
      const image = `${reg.authServer}/${reg.repository}`;
      await withFreshImage(image, async () => {
        const name = ctx.groupName('pullcreds');
        const credentials = [{ server: reg.authServer, username: reg.username, password: reg.password }];
        const state = await runPulled(name, image, { imageRegistryCredentials: credentials });
        expect(await ctx.hook.getStateExitCodeDetails(ctx.resourceGroup, name)).toMatchObject({ state: 'Terminated', exitCode: 0 });
        expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 10)).toEqual(['pulled-ok\n']);
        expect(state.imageRegistryCredentials?.map((c) => [c.server, c.username, c.password])).toEqual([[reg.authServer, reg.username, undefined]]);
        expect(JSON.stringify(state).includes(reg.password), 'getState shows the registry password').toBe(false);
        expect(JSON.stringify(await ctx.hook.getMessages(ctx.resourceGroup, name)).includes(reg.password)).toBe(false);
      });
    }, ctx.timeouts.test);
  });
}
