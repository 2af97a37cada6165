import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { rejectionOf, waitForTerminated } from './wait.js';

/** Line `i` (1-based) of the 100,000-line log: multi-byte characters and varying lengths. */
function bigLogLine(i: number): string {
  return `${i} héllo wörld 😀 ✓ ${'x'.repeat(i % 7)}\n`;
}
const BIG_LOG_LINES = 100_000;
const BIG_LOG_SCRIPT = `awk 'BEGIN { for (i = 1; i <= ${BIG_LOG_LINES}; i++) printf "%d héllo wörld 😀 ✓ %s\\n", i, substr("xxxxxx", 1, i % 7) }'`;

/** The expected last `n` lines of the big log, computed here. */
function bigLogTail(n: number): string[] {
  const from = Math.max(1, BIG_LOG_LINES - n + 1);
  const lines: string[] = [];
  for (let i = from; i <= BIG_LOG_LINES; i++) lines.push(bigLogLine(i));
  return lines;
}

/** 9 bytes in UTF-8: a 16 KiB boundary falls inside a multi-byte character. */
const LONG_UNIT = 'ab€😀';
const LONG_REPEAT = 12_000; // 108,000 bytes: more than 6 engine chunks of 16 KiB

/** Runs `script` in a one-container group, waits until it terminated, returns the group name. */
async function runToCompletion(ctx: ContractContext, prefix: string, script: string): Promise<string> {
  const name = ctx.groupName(prefix);
  await ctx.hook.createOrUpdate(ctx.resourceGroup, name, ctx.group([ctx.shContainer(name, script)]), { wait: true });
  await waitForTerminated(ctx, name);
  return name;
}

/** `getLogs`: exact tails (byte for byte), stdout+stderr, repeats, unicode, long lines, no final newline, timestamps. */
export function describeLogsContract(ctx: ContractContext): void {
  describe('getLogs', () => {
    describe('on a 100,000-line log', () => {
      let name = '';
      beforeAll(async () => {
        name = ctx.groupName('biglog');
        await ctx.hook.createOrUpdate(ctx.resourceGroup, name, ctx.group([ctx.shContainer(name, BIG_LOG_SCRIPT)]), { wait: true });
        await waitForTerminated(ctx, name);
      }, ctx.timeouts.hook);
      afterAll(async () => {
        if (name) await ctx.hook.delete(ctx.resourceGroup, name);
      }, ctx.timeouts.hook);

      it.each([1, 10, 1000, 4321, 100_000])('tail=%i gives exactly the last lines, byte for byte', async (tail) => {
        const lines = await ctx.hook.getLogs(ctx.resourceGroup, name, tail);
        const expected = bigLogTail(tail);
        expect(lines.length).toBe(tail);
        expect(lines[0]).toBe(expected[0]);
        expect(lines.at(-1)).toBe(expected.at(-1));
        expect(lines.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1), 'each element is one line with its terminator').toBe(true);
        const text = lines.join('');
        const expectedText = expected.join('');
        expect(Buffer.byteLength(text)).toBe(Buffer.byteLength(expectedText));
        expect(text === expectedText, 'lines.join("") equals the expected tail text').toBe(true);
      }, ctx.timeouts.test);

      it('a tail larger than the log gives the whole log', async () => {
        const lines = await ctx.hook.getLogs(ctx.resourceGroup, name, 150_000);
        expect(lines.length).toBe(BIG_LOG_LINES);
        expect(lines.join('') === bigLogTail(BIG_LOG_LINES).join(''), 'the whole log, byte for byte').toBe(true);
      }, ctx.timeouts.test);

      it('the default tail is 1000', async () => {
        const lines = await ctx.hook.getLogs(ctx.resourceGroup, name);
        expect(lines.length).toBe(1000);
        expect(lines.join('') === bigLogTail(1000).join('')).toBe(true);
      }, ctx.timeouts.test);

      it('tail=0 gives []', async () => {
        expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 0)).toEqual([]);
      }, ctx.timeouts.test);

      it('a negative or fractional tail is a RangeError', async () => {
        for (const tail of [-1, 1.5]) {
          const e = await rejectionOf(`getLogs(tail=${tail})`, () => ctx.hook.getLogs(ctx.resourceGroup, name, tail));
          expect((e as Error).name, `tail=${tail}: ${String(e)}`).toBe('RangeError');
        }
      }, ctx.timeouts.test);
    });

    it('stdout and stderr are both present, each stream in its order; timestamps prefix RFC 3339', async () => {
      const name = await runToCompletion(ctx, 'streams', 'echo out-1; echo err-1 >&2; sleep 0.2; echo out-2; sleep 0.2; echo err-2 >&2; sleep 0.2; echo out-3');
      const lines = await ctx.hook.getLogs(ctx.resourceGroup, name, 100);
      expect([...lines].sort()).toEqual(['err-1\n', 'err-2\n', 'out-1\n', 'out-2\n', 'out-3\n']);
      expect(lines.filter((l) => l.startsWith('out-'))).toEqual(['out-1\n', 'out-2\n', 'out-3\n']);
      expect(lines.filter((l) => l.startsWith('err-'))).toEqual(['err-1\n', 'err-2\n']);
      expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 100, { container: name })).toEqual(lines);

      const stamped = await ctx.hook.getLogs(ctx.resourceGroup, name, 100, { timestamps: true });
      expect(stamped.length).toBe(lines.length);
      const stamp = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z) /;
      for (const l of stamped) {
        const m = stamp.exec(l);
        expect(m, `a line with a timestamp: ${JSON.stringify(l)}`).not.toBeNull();
        expect(Number.isNaN(Date.parse(m![1]!))).toBe(false);
      }
      expect(stamped.map((l) => l.replace(stamp, '')).sort()).toEqual([...lines].sort());
    }, ctx.timeouts.test);

    it('repeated identical lines are each counted', async () => {
      const name = await runToCompletion(ctx, 'repeat', `awk 'BEGIN { for (i = 1; i <= 5; i++) print "numbered " i; for (i = 0; i < 5000; i++) print "same-line" }'`);
      const same = await ctx.hook.getLogs(ctx.resourceGroup, name, 4000);
      expect(same.length).toBe(4000);
      expect(same.every((l) => l === 'same-line\n')).toBe(true);
      const more = await ctx.hook.getLogs(ctx.resourceGroup, name, 5002);
      expect(more.length).toBe(5002);
      expect(more.slice(0, 2)).toEqual(['numbered 4\n', 'numbered 5\n']);
      expect(more.slice(2).every((l) => l === 'same-line\n')).toBe(true);
    }, ctx.timeouts.test);

    it('unicode (accents, CJK, emoji with modifiers and ZWJ, combining marks, RTL) comes back byte for byte', async () => {
      const texts = ['ünïcödé ÅÆØ', '日本語テキスト 中文', '😀👍🏽 👨‍👩‍👧 🇫🇷', 'e\u0301 a\u0308 (combining)', 'مرحبا بالعالم', '\u{10348} \u{1F9EC}'];
      const name = await runToCompletion(ctx, 'unicode', `printf '%s\\n' ${texts.map((t) => `'${t}'`).join(' ')}`);
      const lines = await ctx.hook.getLogs(ctx.resourceGroup, name, 100);
      expect(lines).toEqual(texts.map((t) => `${t}\n`));
      expect(Buffer.from(lines.join('')).equals(Buffer.from(texts.map((t) => `${t}\n`).join('')))).toBe(true);
    }, ctx.timeouts.test);

    it('lines of 16383, 16384 and 16385 bytes (around the engine\'s 16 KiB cut) come back whole', async () => {
      const script = `awk 'BEGIN { for (n = 16383; n <= 16385; n++) { s = ""; for (i = 0; i < n; i++) s = s "x"; print s } }'; echo after-long`;
      const name = await runToCompletion(ctx, 'line16k', script);
      const expected = ['x'.repeat(16383) + '\n', 'x'.repeat(16384) + '\n', 'x'.repeat(16385) + '\n', 'after-long\n'];
      const lines = await ctx.hook.getLogs(ctx.resourceGroup, name, 4);
      expect(lines.map((l) => Buffer.byteLength(l))).toEqual(expected.map((l) => Buffer.byteLength(l)));
      expect(lines.join('') === expected.join(''), 'the long lines, byte for byte').toBe(true);
      expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 2)).toEqual(expected.slice(2));
    }, ctx.timeouts.test);

    it('a 108,000-byte line of multi-byte characters (16 KiB cuts inside characters) comes back byte for byte', async () => {
      const script = `awk 'BEGIN { s = ""; for (i = 0; i < ${LONG_REPEAT}; i++) s = s "${LONG_UNIT}"; print s }'; echo after-long`;
      const name = await runToCompletion(ctx, 'longline', script);
      const expected = [LONG_UNIT.repeat(LONG_REPEAT) + '\n', 'after-long\n'];
      const lines = await ctx.hook.getLogs(ctx.resourceGroup, name, 2);
      expect(lines.map((l) => Buffer.byteLength(l))).toEqual(expected.map((l) => Buffer.byteLength(l)));
      expect(lines.join('') === expected.join(''), 'byte for byte (no U+FFFD where the engine cut the line)').toBe(true);
      expect((await ctx.hook.getLogs(ctx.resourceGroup, name, 100)).join('') === expected.join('')).toBe(true);
      expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 1)).toEqual(['after-long\n']);
    }, ctx.timeouts.test);

    it('keeps \\r\\n terminators and a last line without a newline', async () => {
      const name = await runToCompletion(ctx, 'nonewline', `printf 'first\\r\\nsecond\\nlast-without-newline'`);
      expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 10)).toEqual(['first\r\n', 'second\n', 'last-without-newline']);
      expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 1)).toEqual(['last-without-newline']);
      expect(await ctx.hook.getLogs(ctx.resourceGroup, name, 2)).toEqual(['second\n', 'last-without-newline']);
    }, ctx.timeouts.test);
  });
}
