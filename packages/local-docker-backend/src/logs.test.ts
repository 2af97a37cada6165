import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import { FollowDeduper, FrameParser, LineAssembler, pickTail, restoresNewline, toLogLine, toLogSource, toSinceParam, toTailWindow, type AssembledLine } from './logs.js';
import { toGroupNames } from './mapping.js';

function frame(stream: 1 | 2, payload: string | Buffer): Buffer {
  const p = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(p.length, 4);
  return Buffer.concat([h, p]);
}

const texts = (lines: AssembledLine[]) => lines.map((l) => l.text);

describe('FrameParser', () => {
  it('parses frames whatever the chunking', () => {
    const body = Buffer.concat([frame(1, 'a\n'), frame(2, 'err\n'), frame(1, 'b')]);
    for (let cut = 0; cut <= body.length; cut++) {
      const p = new FrameParser();
      const frames = [...p.push(body.subarray(0, cut)), ...p.push(body.subarray(cut))];
      expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
        ['stdout', 'a\n'],
        ['stderr', 'err\n'],
        ['stdout', 'b'],
      ]);
      expect(p.leftover).toBe(0);
    }
  });
});

describe('LineAssembler / toTailWindow', () => {
  it.each([
    ['one line', [frame(1, 'hello\n')], ['hello\n']],
    ['no trailing newline', [frame(1, 'a\nb')], ['a\n', 'b']],
    ['repeated identical lines', [frame(1, 'x\nx\n'), frame(1, 'x\n')], ['x\n', 'x\n', 'x\n']],
    ['CRLF kept', [frame(1, 'a\r\nb\r\n')], ['a\r\n', 'b\r\n']],
    ['16 KiB partial messages reassembled', [frame(1, 'a'.repeat(16384)), frame(1, 'a'.repeat(16384)), frame(1, 'a'.repeat(10) + '\n')], ['a'.repeat(32778) + '\n']],
    ['interleaved streams keep start order', [frame(1, 'l'.repeat(16384)), frame(2, 'err\n'), frame(1, 'end\n'), frame(1, 'next\n')], ['l'.repeat(16384) + 'end\n', 'err\n', 'next\n']],
    ['a short frame without newline ends its line (an exit mid-line)', [frame(1, 'cut'), frame(1, 'next run\n')], ['cut', 'next run\n']],
    ['a line of exactly 16 KiB: a fragment, then the newline alone', [frame(1, 'z'.repeat(16384)), frame(1, '\n'), frame(1, 'b\n')], ['z'.repeat(16384) + '\n', 'b\n']],
    ['empty lines', [frame(1, '\n\n')], ['\n', '\n']],
  ])('%s', (_name, frames, expected) => {
    expect(texts(toTailWindow(Buffer.concat(frames), false).lines)).toEqual(expected);
  });

  it('decodes UTF-8 split across 16 KiB fragments, and invalid bytes as U+FFFD', () => {
    const long = Buffer.from('ab€😀'.repeat(2000) + '\n'); // 18,001 bytes: the 16 KiB cut falls inside a character
    const body = Buffer.concat([frame(1, long.subarray(0, 16384)), frame(1, long.subarray(16384)), frame(1, Buffer.from([0xff, 0x41, 0x0a]))]);
    expect(texts(toTailWindow(body, false).lines)).toEqual(['ab€😀'.repeat(2000) + '\n', '\uFFFDA\n']);
  });

  it('local driver: restores the newline of a cut line\'s last fragment, only after a 16 KiB fragment with the same timestamp', () => {
    const t1 = '2026-01-02T03:04:05.000000001Z';
    const t2 = '2026-01-02T03:04:05.000000002Z';
    const long = Buffer.from('ab€😀'.repeat(12000)); // 108,000 bytes, no newline: the local driver stores it so
    const fragments = [];
    for (let o = 0; o < long.length; o += 16384) fragments.push(frame(1, Buffer.concat([Buffer.from(`${t1} `), long.subarray(o, o + 16384)])));
    const body = Buffer.concat([...fragments, frame(1, `${t2} after-long\n`), frame(1, `${t2} unterminated`)]);
    const lines = toTailWindow(body, { timestamps: true, restoreNewline: true }).lines;
    expect(texts(lines)).toEqual(['ab€😀'.repeat(12000) + '\n', 'after-long\n', 'unterminated']);
    expect(lines[0]!.timestamp).toBe(t1);
    // json-file keeps the newline itself: a short last fragment without one is an exit mid-line.
    expect(texts(toTailWindow(Buffer.concat(fragments), { timestamps: true }).lines)).toEqual(['ab€😀'.repeat(12000)]);
    // A different timestamp is a new line (the previous run ended on a whole 16 KiB fragment).
    const other = Buffer.concat([frame(1, `${t1} ${'y'.repeat(16384)}`), frame(1, `${t2} next`)]);
    expect(texts(toTailWindow(other, { timestamps: true, restoreNewline: true }).lines)).toEqual(['y'.repeat(16384), 'next']);
  });

  it('strips the engine timestamp from each fragment and keeps the first', () => {
    const ts = '2026-01-02T03:04:05.123456789Z';
    const body = Buffer.concat([frame(1, `${ts} ${'a'.repeat(16384)}`), frame(1, `${ts} c\n`), frame(2, `2026-01-02T03:04:06.000000001Z é\n`)]);
    const lines = toTailWindow(body, true).lines;
    expect(lines.map((l) => [l.text, l.timestamp])).toEqual([
      [`${'a'.repeat(16384)}c\n`, ts],
      ['é\n', '2026-01-02T03:04:06.000000001Z'],
    ]);
  });

  it('yields lines as soon as they are complete, in start order', () => {
    const a = new LineAssembler(false);
    expect(texts(a.push({ stream: 'stdout', payload: Buffer.from('p'.repeat(16384)) }))).toEqual([]);
    expect(texts(a.push({ stream: 'stderr', payload: Buffer.from('e\n') }))).toEqual([]);
    expect(texts(a.push({ stream: 'stdout', payload: Buffer.from('t\n') }))).toEqual(['p'.repeat(16384) + 't\n', 'e\n']);
    expect(texts(a.end())).toEqual([]);
  });
});

describe('pickTail', () => {
  it('takes the whole log when the engine gave fewer entries than asked', () => {
    const w = toTailWindow(Buffer.concat([frame(1, 'a\n'), frame(1, 'b\n')]), false);
    expect(texts(pickTail(w, 4, 3)!)).toEqual(['a\n', 'b\n']);
  });
  it('drops the possibly cut first line of a full window', () => {
    const w = toTailWindow(Buffer.concat([frame(1, 'tail-of-long\n'), frame(1, 'b\n'), frame(1, 'c\n')]), false);
    expect(texts(pickTail(w, 3, 2)!)).toEqual(['b\n', 'c\n']);
  });
  it('asks for a bigger window when a line among the last N may be cut', () => {
    const w = toTailWindow(Buffer.concat([frame(1, 'a'.repeat(16384)), frame(1, 'a\n'), frame(1, 'b\n')]), false);
    expect(pickTail(w, 3, 2)).toBeUndefined();
  });
});

describe('FollowDeduper', () => {
  const line = (ts: string, text = 'x\n'): AssembledLine => ({ stream: 'stdout', text, timestamp: ts, certain: true, done: true });
  it('skips what a re-opened stream repeats, including equal timestamps', () => {
    const d = new FollowDeduper();
    expect(d.reopen()).toBeUndefined();
    const t1 = '2026-01-02T03:04:05.000000001Z';
    const t2 = '2026-01-02T03:04:05.000000002Z';
    expect([line(t1), line(t2), line(t2)].map((l) => d.accept(l))).toEqual([true, true, true]);
    expect(d.reopen()).toBe(`${Date.parse('2026-01-02T03:04:05Z') / 1000}.000000002`);
    expect([line(t2), line(t2), line(t2, 'new same-time\n'), line('2026-01-02T03:04:06.000000000Z')].map((l) => d.accept(l))).toEqual([false, false, true, true]);
  });
  it('never drops a line on the first open, though stdout and stderr timestamps interleave out of order', () => {
    const d = new FollowDeduper();
    d.reopen();
    const err = (ts: string): AssembledLine => ({ ...line(ts), stream: 'stderr' });
    const seen = [line('2026-01-02T03:04:05.000000005Z'), err('2026-01-02T03:04:05.000000003Z'), line('2026-01-02T03:04:05.000000006Z'), err('2026-01-02T03:04:05.000000004Z')];
    expect(seen.map((l) => d.accept(l))).toEqual([true, true, true, true]);
    // Re-opened from the earlier of the two streams' last lines; each stream skips only its own.
    expect(d.reopen()).toBe(`${Date.parse('2026-01-02T03:04:05Z') / 1000}.000000004`);
    const again = [line('2026-01-02T03:04:05.000000006Z'), err('2026-01-02T03:04:05.000000004Z'), err('2026-01-02T03:04:05.000000005Z'), line('2026-01-02T03:04:05.000000007Z')];
    expect(again.map((l) => d.accept(l))).toEqual([false, false, true, true]);
  });
  it('converts timestamps to the engine since form', () => {
    expect(toSinceParam('1970-01-01T00:00:10.5Z')).toBe('10.500000000');
  });
});

describe('toLogSource', () => {
  const names = toGroupNames('RG', 'web');
  const group: ContainerGroup = {
    osType: 'Linux',
    containers: [
      { name: 'web', image: 'i', resources: { requests: { cpu: 1, memoryInGB: 1 } } },
      { name: 'side', image: 'i', resources: { requests: { cpu: 1, memoryInGB: 1 } } },
    ],
    initContainers: [{ name: 'setup', image: 'i' }],
  };

  it('reads the main container by default, a named container or init container otherwise', () => {
    expect(toLogSource(names, group, 'web', undefined)).toEqual({ container: 'web', engineName: names.member('web') });
    expect(toLogSource(names, group, 'web', 'side')).toEqual({ container: 'side', engineName: names.member('side') });
    expect(toLogSource(names, group, 'web', 'setup')).toEqual({ container: 'setup', engineName: names.init('setup') });
  });

  it('refuses a container the group does not have, or a group without containers', () => {
    expect(() => toLogSource(names, group, 'web', 'nope')).toThrow(new RangeError('container group "web" has no container "nope"'));
    expect(() => toLogSource(names, { osType: 'Linux', containers: [] }, 'web', undefined)).toThrow(new RangeError('container group "web" has no containers'));
  });
});

describe('restoresNewline', () => {
  it('is true for the local log driver only', () => {
    expect(restoresNewline({ HostConfig: { LogConfig: { Type: 'local' } } })).toBe(true);
    expect(restoresNewline({ HostConfig: { LogConfig: { Type: 'json-file' } } })).toBe(false);
    expect(restoresNewline({})).toBe(false);
  });
});

describe('toLogLine', () => {
  it("names the container and turns the engine's timestamp into a Date", () => {
    const line: AssembledLine = { stream: 'stderr', text: 'hi\n', timestamp: '2026-01-02T03:04:05.123456789Z', certain: true, done: true };
    expect(toLogLine('web', line)).toEqual({ container: 'web', stream: 'stderr', text: 'hi\n', timestamp: new Date('2026-01-02T03:04:05.123Z') });
    expect(toLogLine('web', { stream: 'stdout', text: 'x', certain: true, done: true })).toEqual({ container: 'web', stream: 'stdout', text: 'x' });
  });
});
