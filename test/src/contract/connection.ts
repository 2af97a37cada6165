import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';

/** `testConnection` reports `ok` with a message and creates nothing; `getConn` gives the native client. */
export function describeConnectionContract(ctx: ContractContext): void {
  describe('connection', () => {
    it('testConnection: { ok: true, message } with a non-empty message, and creates nothing', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const listGroups = async (): Promise<string[]> => {
        const names: string[] = [];
        for await (const g of hook.list(rg)) names.push(g.name ?? '');
        return names.sort();
      };
      const groupsBefore = await listGroups();
      const leftoversBefore = ctx.listLeftovers ? await ctx.listLeftovers(ctx.runLabel) : [];

      const result = await hook.testConnection();
      expect(result.ok, `testConnection: ${JSON.stringify(result)}`).toBe(true);
      expect(typeof result.message).toBe('string');
      expect(result.message.trim(), 'a message saying what answered').not.toBe('');
      expect(Object.keys(result).sort()).toEqual(['message', 'ok']);

      expect(await listGroups(), 'no group created').toEqual(groupsBefore);
      if (ctx.listLeftovers) expect(await ctx.listLeftovers(ctx.runLabel), 'no object created with the run label').toEqual(leftoversBefore);
    }, ctx.timeouts.test);

    it('getConn: returns the backend\'s native client (an object)', async () => {
      const conn = await ctx.hook.getConn();
      expect(conn, 'the native client').toBeTruthy();
      expect(typeof conn).toBe('object');
    }, ctx.timeouts.test);
  });
}
