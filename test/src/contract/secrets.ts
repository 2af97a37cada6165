import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { waitForTerminated } from './wait.js';

/** Secure environment values and secret volumes reach the container but never come back from the hook. */
export function describeSecretsContract(ctx: ContractContext): void {
  describe('secrets', () => {
    it('a secureValue and a secret volume are visible inside the container, never in getState, list or createOrUpdate results', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('secrets');
      const secret = `sv-${randomBytes(16).toString('hex')}`;
      const fileSecret = `file-${randomBytes(16).toString('hex')}`;
      const fileSecretBase64 = Buffer.from(fileSecret).toString('base64');
      const sha = (s: string) => createHash('sha256').update(s).digest('hex');
      // The container prints digests and lengths, never the secrets themselves.
      const script = [
        'printf %s "$SECRET_TOKEN" | sha256sum',
        'printf %s "$SECRET_TOKEN" | wc -c',
        'sha256sum < /mnt/secrets/token.txt',
        'echo "plain=$PLAIN_SETTING"',
      ].join('; ');
      const group: ContainerGroup = ctx.group(
        [
          ctx.shContainer(name, script, {
            environmentVariables: [
              { name: 'SECRET_TOKEN', secureValue: secret },
              { name: 'PLAIN_SETTING', value: 'visible' },
            ],
            volumeMounts: [{ name: 'secret-files', mountPath: '/mnt/secrets', readOnly: true }],
          }),
        ],
        { volumes: [{ name: 'secret-files', secret: { 'token.txt': fileSecretBase64 } }] },
      );
      const returned = await hook.createOrUpdate(rg, name, group, { wait: true });
      await waitForTerminated(ctx, name);

      const logs = await hook.getLogs(rg, name, 100);
      expect(logs).toEqual([`${sha(secret)}  -\n`, `${Buffer.byteLength(secret)}\n`, `${sha(fileSecret)}  -\n`, 'plain=visible\n']);
      expect(await hook.getStateExitCodeDetails(rg, name)).toMatchObject({ state: 'Terminated', exitCode: 0 });

      const state = await hook.getState(rg, name);
      const env = state.containers[0]?.environmentVariables ?? [];
      const secure = env.find((v) => v.name === 'SECRET_TOKEN');
      expect(secure, 'the secure variable is listed by name').toBeDefined();
      expect(secure?.value).toBeUndefined();
      expect(secure?.secureValue).toBeUndefined();
      expect(env.find((v) => v.name === 'PLAIN_SETTING')?.value).toBe('visible');

      const listed: ContainerGroup[] = [];
      for await (const g of hook.list(rg)) if (g.name === name) listed.push(g);
      expect(listed).toHaveLength(1);

      for (const [what, value] of [
        ['createOrUpdate result', returned],
        ['getState', state],
        ['list item', listed[0]],
        ['getMessages', await hook.getMessages(rg, name)],
        ['getLogs', logs],
      ] as const) {
        const json = JSON.stringify(value);
        expect(json.includes(secret), `${what} shows the secureValue`).toBe(false);
        expect(json.includes(fileSecret), `${what} shows the secret file's content`).toBe(false);
        expect(json.includes(fileSecretBase64), `${what} shows the secret volume's base64`).toBe(false);
      }
    }, ctx.timeouts.test);
  });
}
