import { describe, expect, it } from 'vitest';
import { EngineEventParser, EventFeed } from './watch.js';
import { tarFiles, untarFirst } from './tar.js';

describe('EngineEventParser', () => {
  it('splits the event stream into events whatever the chunking', () => {
    const text = '{"Action":"start","time":1}\n{"Action":"die","time":2}\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new EngineEventParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(Buffer.from(text.slice(cut)))];
      expect(events.map((e) => e.Action)).toEqual(['start', 'die']);
    }
  });
});

describe('EventFeed', () => {
  it('waits for an event, then for a quiet spell, and forgets the burst', async () => {
    const feed = new EventFeed();
    setTimeout(() => feed.push(), 5);
    setTimeout(() => feed.push(), 15);
    await feed.next(undefined);
    const started = Date.now();
    await feed.settle(30, 1000, undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    let woke = false;
    void feed.next(undefined).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    feed.close();
    await new Promise((r) => setTimeout(r, 0));
    expect(woke).toBe(true);
  });
  it('rejects with an AbortError when the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = new EventFeed().next(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('untarFirst', () => {
  it('reads back the file tarFiles wrote', () => {
    expect(untarFirst(tarFiles([{ name: 'a.json', content: Buffer.from('{"x":1}') }]))?.toString()).toBe('{"x":1}');
    expect(untarFirst(Buffer.alloc(1024))).toBeUndefined();
  });
});
