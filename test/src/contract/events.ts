import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { LONG_RUNNING } from './lifecycle.js';
import { waitForRunning } from './wait.js';

/** Instance-view events and `getMessages`: non-empty, oldest first, with a start event. */
export function describeEventsContract(ctx: ContractContext): void {
  describe('events and messages', () => {
    it('getMessages is non-empty, oldest first, and has a start event', async () => {
      const { hook, resourceGroup: rg } = ctx;
      const name = ctx.groupName('events');
      await hook.createOrUpdate(rg, name, ctx.group([ctx.shContainer(name, LONG_RUNNING)]), { wait: true });
      const state = await waitForRunning(ctx, name);
      const events = state.containers[0]?.instanceView?.events ?? [];
      expect(events.length, 'the running container has events').toBeGreaterThan(0);
      for (const e of events) {
        expect(typeof e.name, JSON.stringify(e)).toBe('string');
        expect(typeof e.message, JSON.stringify(e)).toBe('string');
        expect(['Normal', 'Warning'], JSON.stringify(e)).toContain(e.type);
        expect(e.count ?? 0, JSON.stringify(e)).toBeGreaterThanOrEqual(1);
        expect(e.firstTimestamp, JSON.stringify(e)).toBeInstanceOf(Date);
        expect(e.lastTimestamp, JSON.stringify(e)).toBeInstanceOf(Date);
        expect(e.lastTimestamp!.getTime()).toBeGreaterThanOrEqual(e.firstTimestamp!.getTime());
      }
      expect(events.some((e) => /start/i.test(e.name ?? '')), `a start event among ${JSON.stringify(events.map((e) => e.name))}`).toBe(true);

      const messages = await hook.getMessages(rg, name);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((m) => typeof m === 'string' && m !== '')).toBe(true);
      expect(messages.some((m) => /start/i.test(m)), `a start message among ${JSON.stringify(messages)}`).toBe(true);
      // Read after the messages: events only accumulate, so the messages are a prefix of these, oldest first.
      const after = (await hook.getState(rg, name)).containers[0]?.instanceView?.events ?? [];
      const oldestFirst = [...after]
        .sort((a, b) => (a.firstTimestamp?.getTime() ?? 0) - (b.firstTimestamp?.getTime() ?? 0))
        .map((e) => e.message ?? '')
        .filter((m) => m !== '');
      expect(messages, 'oldest first, as the events of getState').toEqual(oldestFirst.slice(0, messages.length));
    }, ctx.timeouts.test);
  });
}
