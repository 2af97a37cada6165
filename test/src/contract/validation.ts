import { describe, expect, it } from 'vitest';
import { isContainerHookError, validateContainerGroup, type ContainerGroup, type ValidationProblem } from '@container-hook/core';
import type { ContractContext } from './context.js';
import { rejectionOf } from './wait.js';

interface InvalidCase {
  title: string;
  /** The group name (a valid one unless the case is about the name). */
  name: (valid: string) => string;
  group: (ctx: ContractContext, name: string) => ContainerGroup;
  /** A fragment that at least one problem's path contains: the case is invalid for the reason it says. */
  pathHas: string;
}

const cases: InvalidCase[] = [
  { title: 'a name with an underscore', name: () => 'bad_name', group: (ctx, n) => ok(ctx, n), pathHas: 'name' },
  { title: 'a name with a leading hyphen', name: () => '-bad-name', group: (ctx, n) => ok(ctx, n), pathHas: 'name' },
  { title: 'a name of 64 characters', name: () => `a${'b'.repeat(63)}`, group: (ctx, n) => ok(ctx, n), pathHas: 'name' },
  { title: 'no containers', name: (v) => v, group: () => ({ osType: 'Linux', containers: [] }), pathHas: 'containers' },
  {
    title: 'duplicate container names',
    name: (v) => v,
    group: (ctx) => ctx.group([ctx.shContainer('twin', 'true'), ctx.shContainer('twin', 'true')]),
    pathHas: 'containers',
  },
  {
    title: 'a container without an image',
    name: (v) => v,
    group: (ctx) => ctx.group([{ name: 'noimage', command: ['true'], resources: { requests: { cpu: 1, memoryInGB: 0.5 } } } as unknown as ContainerGroup['containers'][number]]),
    pathHas: 'image',
  },
  {
    title: 'cpu 0',
    name: (v) => v,
    group: (ctx) => ctx.group([ctx.shContainer('zerocpu', 'true', { resources: { requests: { cpu: 0, memoryInGB: 0.5 } } })]),
    pathHas: 'cpu',
  },
  {
    title: 'port 70000',
    name: (v) => v,
    group: (ctx) => ctx.group([ctx.shContainer('bigport', 'true', { ports: [{ port: 70000 }] })]),
    pathHas: 'port',
  },
  { title: 'restartPolicy "Sometimes"', name: (v) => v, group: (ctx) => ctx.group([ctx.shContainer('c', 'true')], { restartPolicy: 'Sometimes' }), pathHas: 'restartPolicy' },
  {
    title: 'a volumeMount naming an undeclared volume',
    name: (v) => v,
    group: (ctx) => ctx.group([ctx.shContainer('mounter', 'true', { volumeMounts: [{ name: 'no-such-volume', mountPath: '/data' }] })]),
    pathHas: 'volumeMounts',
  },
  {
    title: 'duplicate environment variable names',
    name: (v) => v,
    group: (ctx) => ctx.group([ctx.shContainer('envdup', 'true', { environmentVariables: [{ name: 'SAME', value: '1' }, { name: 'SAME', value: '2' }] })]),
    pathHas: 'environmentVariables',
  },
  { title: 'osType "Plan9"', name: (v) => v, group: (ctx) => ({ ...ctx.group([ctx.shContainer('c', 'true')]), osType: 'Plan9' }), pathHas: 'osType' },
];

function ok(ctx: ContractContext, name: string): ContainerGroup {
  return ctx.group([ctx.shContainer(name.replace(/[^a-z0-9-]/g, '').replace(/^-+/, '').slice(0, 20) || 'c', 'echo should-never-run')]);
}

/**
 * Every bad input of the core validator is rejected by `createOrUpdate` with `InvalidContainerGroup` and
 * the very problems `validateContainerGroup` reports, and nothing is created.
 */
export function describeValidationContract(ctx: ContractContext): void {
  describe('validation', () => {
    it(`rejects ${cases.length} invalid groups identically to validateContainerGroup, creating nothing`, async () => {
      const { hook, resourceGroup: rg } = ctx;
      const before = ctx.listLeftovers ? [...(await ctx.listLeftovers(ctx.runLabel))].sort() : [];
      const names: string[] = [];
      for (const [i, c] of cases.entries()) {
        const valid = ctx.groupName(`invalid${i}`);
        const name = c.name(valid);
        names.push(name);
        const group = c.group(ctx, name);
        const problems: ValidationProblem[] = validateContainerGroup(name, group);
        expect(problems.length, `${c.title}: the validator must find a problem`).toBeGreaterThan(0);
        expect(problems.some((p) => p.path.includes(c.pathHas)), `${c.title}: a problem at a path with "${c.pathHas}": ${JSON.stringify(problems)}`).toBe(true);

        const e = await rejectionOf(`createOrUpdate of ${c.title}`, () => hook.createOrUpdate(rg, name, structuredClone(group), { wait: true }));
        expect(isContainerHookError(e, 'InvalidContainerGroup'), `${c.title}: expected InvalidContainerGroup, got ${String(e)}`).toBe(true);
        expect((e as { code?: string }).code).toBe('InvalidContainerGroup');
        expect((e as { problems?: unknown }).problems, `${c.title}: the same problems as validateContainerGroup`).toEqual(problems);
        expect(await hook.exists(rg, name), `${c.title}: nothing created`).toBe(false);
      }
      const listed: string[] = [];
      for await (const g of hook.list(rg)) listed.push(g.name ?? '');
      expect(listed.filter((n) => names.includes(n))).toEqual([]);
      if (ctx.listLeftovers) {
        expect([...(await ctx.listLeftovers(ctx.runLabel))].sort(), 'the backend holds nothing new after rejected inputs').toEqual(before);
      }
    }, ctx.timeouts.test);
  });
}
