import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { waitForTerminated } from './wait.js';

/** Members of a group share one network namespace: they reach each other on localhost, as in ACI. */
export function describeNetworkingContract(ctx: ContractContext): void {
  describe('networking', () => {
    it('two containers talk over localhost (nc server on 8080, client on 127.0.0.1:8080)', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('net');
      // The client is the main container (named like the group); it retries until the server listens.
      const client = ctx.shContainer(name, 'for i in $(seq 1 100); do if echo ping | nc 127.0.0.1 8080 2>/dev/null; then exit 0; fi; sleep 0.2; done; echo "no server" >&2; exit 1');
      const server = ctx.shContainer('server', 'echo pong | nc -l -p 8080', { ports: [{ port: 8080, protocol: 'TCP' }] });
      await hook.createOrUpdate(rg, name, ctx.group([client, server]), { wait: true });

      await waitForTerminated(ctx, name, name);
      await waitForTerminated(ctx, name, 'server');
      expect(await hook.getStateExitCodeDetails(rg, name)).toMatchObject({ state: 'Terminated', exitCode: 0 });
      expect(await hook.getLogs(rg, name, 10)).toEqual(['pong\n']);
      expect(await hook.getLogs(rg, name, 10, { container: 'server' })).toEqual(['ping\n']);
    }, ctx.timeouts.test);
  });
}
