import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { waitFor, waitForRunning } from './wait.js';

/** A `Public` IP address: `getState` reports the declared ports and an `ip`; where the backend reports a reachable address, it serves. */
export function describePortsContract(ctx: ContractContext): void {
  describe('ports and ipAddress', () => {
    it(`a Public port 8080 (busybox httpd): getState reports the ports and an ip; reachable per publicPorts "${ctx.capabilities.publicPorts}"`, async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('ports');
      const body = `hello from ${name}`;
      // httpd daemonises; the shell stays PID 1 and exits at once on SIGTERM.
      const script = `mkdir -p /www && echo "${body}" > /www/index.html && httpd -p 8080 -h /www && trap "exit 0" TERM INT; echo listening; while :; do sleep 1; done`;
      const ports = [{ port: 8080, protocol: 'TCP' }];
      const group = ctx.group([ctx.shContainer(name, script, { ports: [{ port: 8080, protocol: 'TCP' }] })], { ipAddress: { type: 'Public', ports } });
      await hook.createOrUpdate(rg, name, group, { wait: true });
      const state = await waitForRunning(ctx, name);

      const ip = state.ipAddress;
      expect(ip?.type).toBe('Public');
      expect(ip?.ports.map((p) => ({ port: p.port, protocol: p.protocol })), 'the declared ports').toEqual(ports);
      expect(typeof ip?.ip, `an ip in ${JSON.stringify(ip)}`).toBe('string');
      expect(ip?.ip, 'a non-empty ip').not.toBe('');
      expect(state.containers[0]?.ports?.map((p) => p.port)).toEqual([8080]);

      if (ctx.capabilities.publicPorts === 'declared-only') {
        console.info(`ports: publicPorts "declared-only": checked the declared ports and ip (${JSON.stringify(ip)}), not reachability`);
        return;
      }
      const port = ip?.ports[0]?.hostPort ?? ip?.ports[0]?.port;
      const host = ip?.ip?.includes(':') ? `[${ip.ip}]` : ip?.ip;
      const url = `http://${host}:${String(port)}/index.html`;
      const text = await waitFor(
        `${url} to serve index.html`,
        async () => {
          try {
            const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
            return res.ok ? await res.text() : `HTTP ${res.status}`;
          } catch (e) {
            return `error: ${String((e as Error).cause ?? e)}`;
          }
        },
        (t) => t === `${body}\n`,
        ctx.timeouts.state,
      );
      expect(text).toBe(`${body}\n`);
    }, ctx.timeouts.test);
  });
}
