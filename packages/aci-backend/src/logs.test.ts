/**
 * logs.ts, the pure half of `getLogs`/`followLogs`: line splitting, timestamp keys (Docker trims the
 * fraction, ACI writes seven digits) and the cursor that gives each line once across overlapping tail windows.
 */
import { BackendUnavailableError, ContainerGroupNotFoundError, ThrottledError } from '@container-hook/core';
import { describe, expect, it } from 'vitest';
import { followRetryDelay, LogCursor, nextPollInterval, parseStampedLines, splitLogLines, timestampKey, type StampedLine } from './logs.js';

describe('splitLogLines', () => {
  it.each([
    ['null', null, []],
    ['undefined', undefined, []],
    ['empty', '', []],
    ['one unterminated line', 'a', ['a']],
    ['lines keep their terminators', 'a\nb\n', ['a\n', 'b\n']],
    ['a last line without terminator', 'a\nb', ['a\n', 'b']],
    ['CRLF stays with its line', 'a\r\nb\r\n', ['a\r\n', 'b\r\n']],
    ['empty lines are lines', '\n\nx\n', ['\n', '\n', 'x\n']],
    ['ACI single-line content (ContainerListLogs example)', 'log content', ['log content']],
  ])('%s', (_name, content, lines) => {
    expect(splitLogLines(content)).toEqual(lines);
    expect(splitLogLines(content).join('')).toBe(content ?? '');
  });
});

describe('timestampKey', () => {
  it.each([
    ['Docker trims trailing zeros', ['2024-05-01T10:00:04', '1', 'Z'], '2024-05-01T10:00:04.100000000'],
    ['ACI writes seven digits', ['2024-05-01T10:00:04', '1234567', 'Z'], '2024-05-01T10:00:04.123456700'],
    ['nanoseconds as they are', ['2024-05-01T10:00:04', '123456789', 'Z'], '2024-05-01T10:00:04.123456789'],
    ['no fraction', ['2024-05-01T10:00:04', undefined, 'Z'], '2024-05-01T10:00:04.000000000'],
    ['a positive offset is moved to UTC', ['2024-05-01T00:30:00', '5', '+02:00'], '2024-04-30T22:30:00.500000000'],
    ['a negative offset is moved to UTC', ['2024-05-01T23:30:00', undefined, '-01:00'], '2024-05-02T00:30:00.000000000'],
  ] as const)('%s', (_name, [date, fraction, zone], key) => {
    expect(timestampKey(date, fraction, zone)).toBe(key);
  });

  it('orders what plain string order gets wrong', () => {
    // As raw stamps, "04Z" sorts after "04.1Z" and "12:00:03+02:00" after both; the keys sort by time.
    const stamps: Array<[string, string | undefined, string]> = [
      ['2024-05-01T10:00:04', '12', 'Z'],
      ['2024-05-01T10:00:04', '1', 'Z'],
      ['2024-05-01T10:00:04', '0999999', 'Z'],
      ['2024-05-01T10:00:04', undefined, 'Z'],
      ['2024-05-01T12:00:03', undefined, '+02:00'],
    ];
    const sorted = stamps.map((s) => timestampKey(...s)).sort();
    expect(sorted).toEqual([
      '2024-05-01T10:00:03.000000000',
      '2024-05-01T10:00:04.000000000',
      '2024-05-01T10:00:04.099999900',
      '2024-05-01T10:00:04.100000000',
      '2024-05-01T10:00:04.120000000',
    ]);
  });
});

describe('parseStampedLines', () => {
  it.each([
    ['empty', '', []],
    [
      'Docker stamps (trimmed fraction)',
      '2024-05-01T10:00:04.1Z hello\n2024-05-01T10:00:04.12Z world\n',
      [
        { timestamp: '2024-05-01T10:00:04.1Z', key: '2024-05-01T10:00:04.100000000', text: 'hello\n' },
        { timestamp: '2024-05-01T10:00:04.12Z', key: '2024-05-01T10:00:04.120000000', text: 'world\n' },
      ],
    ],
    [
      'ACI stamps (seven digits) and an unterminated last line',
      '2024-05-01T10:00:04.1234567Z a\n2024-05-01T10:00:05.0000000Z b',
      [
        { timestamp: '2024-05-01T10:00:04.1234567Z', key: '2024-05-01T10:00:04.123456700', text: 'a\n' },
        { timestamp: '2024-05-01T10:00:05.0000000Z', key: '2024-05-01T10:00:05.000000000', text: 'b' },
      ],
    ],
    [
      'an offset stamp',
      '2024-05-01T12:00:04+02:00 x\n',
      [{ timestamp: '2024-05-01T12:00:04+02:00', key: '2024-05-01T10:00:04.000000000', text: 'x\n' }],
    ],
    [
      'a line without a stamp takes its predecessor key; one before any stamp gets ""',
      'orphan\n2024-05-01T10:00:04Z a\n  continued\n',
      [
        { timestamp: undefined, key: '', text: 'orphan\n' },
        { timestamp: '2024-05-01T10:00:04Z', key: '2024-05-01T10:00:04.000000000', text: 'a\n' },
        { timestamp: undefined, key: '2024-05-01T10:00:04.000000000', text: '  continued\n' },
      ],
    ],
    [
      'the text after the stamp is kept as written (leading spaces, empty lines)',
      '2024-05-01T10:00:04Z   indented\n2024-05-01T10:00:05Z \n',
      [
        { timestamp: '2024-05-01T10:00:04Z', key: '2024-05-01T10:00:04.000000000', text: '  indented\n' },
        { timestamp: '2024-05-01T10:00:05Z', key: '2024-05-01T10:00:05.000000000', text: '\n' },
      ],
    ],
  ])('%s', (_name, content, lines) => {
    expect(parseStampedLines(content)).toEqual(lines);
  });
});

/** Stamped lines from `[second, text]` pairs (all on one day, one fraction digit as Docker writes). */
const stamped = (...lines: Array<[string, string]>): StampedLine[] => parseStampedLines(lines.map(([s, text]) => `2024-05-01T10:00:${s}Z ${text}`).join(''));
const texts = (lines: readonly StampedLine[]) => lines.map((l) => l.text);

describe('LogCursor', () => {
  it('gives the whole first window', () => {
    const cursor = new LogCursor();
    expect(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'b\n']), true, true)).toEqual({ lines: stamped(['01.0', 'a\n'], ['02.0', 'b\n']), complete: true });
  });

  it('refuses a first window that may not hold the whole log', () => {
    const cursor = new LogCursor();
    expect(cursor.take(stamped(['01.0', 'a\n']), false, true)).toEqual({ lines: [], complete: false });
    // Nothing was taken: the whole log is given next.
    expect(texts(cursor.take(stamped(['00.5', 'z\n'], ['01.0', 'a\n']), true, true).lines)).toEqual(['z\n', 'a\n']);
  });

  it('gives identical lines again when they are new lines (Airflow de-duplicates them away)', () => {
    const cursor = new LogCursor();
    expect(texts(cursor.take(stamped(['01.0', 'tick\n'], ['02.0', 'tick\n']), true, true).lines)).toEqual(['tick\n', 'tick\n']);
    const second = cursor.take(stamped(['01.0', 'tick\n'], ['02.0', 'tick\n'], ['03.0', 'tick\n']), false, true);
    expect(second).toEqual({ lines: stamped(['03.0', 'tick\n']), complete: true });
    expect(cursor.take(stamped(['02.0', 'tick\n'], ['03.0', 'tick\n'], ['04.0', 'tick\n'], ['05.0', 'tick\n']), false, true).lines).toEqual(stamped(['04.0', 'tick\n'], ['05.0', 'tick\n']));
    // A window with nothing new gives nothing.
    expect(cursor.take(stamped(['04.0', 'tick\n'], ['05.0', 'tick\n']), false, true)).toEqual({ lines: [], complete: true });
  });

  it('says incomplete when the window no longer reaches back to the last line given, and gives nothing', () => {
    const cursor = new LogCursor();
    cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'b\n']), true, true);
    // More lines came than the tail holds: the window starts after "b".
    expect(cursor.take(stamped(['04.0', 'd\n'], ['05.0', 'e\n']), false, true)).toEqual({ lines: [], complete: false });
    // A window that starts at the last given line's own stamp cannot prove nothing was missed before it either.
    expect(cursor.take(stamped(['02.0', 'b\n'], ['03.0', 'c\n']), false, true).complete).toBe(false);
    // The wider window gives what was missed, once.
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'b\n'], ['03.0', 'c\n'], ['04.0', 'd\n'], ['05.0', 'e\n']), false, true).lines)).toEqual(['c\n', 'd\n', 'e\n']);
    // The whole log is complete even when it starts after the last given line (the old lines were trimmed).
    expect(cursor.take(stamped(['06.0', 'f\n']), true, true)).toEqual({ lines: stamped(['06.0', 'f\n']), complete: true });
  });

  it('gives every line of equal stamps once, across polls', () => {
    const cursor = new LogCursor();
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'b1\n'], ['02.0', 'b2\n']), true, true).lines)).toEqual(['a\n', 'b1\n', 'b2\n']);
    // A third line in the same nanosecond came later: only it is new.
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'b1\n'], ['02.0', 'b2\n'], ['02.0', 'b3\n']), false, true).lines)).toEqual(['b3\n']);
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'b1\n'], ['02.0', 'b2\n'], ['02.0', 'b3\n'], ['02.0', 'b4\n'], ['03.0', 'c\n']), false, true).lines)).toEqual(['b4\n', 'c\n']);
  });

  it('holds back an unterminated last line until it is terminated, then gives it once', () => {
    const cursor = new LogCursor();
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'progr']), true, true).lines)).toEqual(['a\n']);
    // (Windows shorter than asked: they hold the whole log.)
    expect(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'progress 50%']), true, true)).toEqual({ lines: [], complete: true });
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'progress 100%\n']), true, true).lines)).toEqual(['progress 100%\n']);
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'progress 100%\n'], ['03.0', 'next\n']), true, true).lines)).toEqual(['next\n']);
  });

  it('gives an unterminated last line once the container ended (hold off)', () => {
    const cursor = new LogCursor();
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'bye']), true, true).lines)).toEqual(['a\n']);
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'bye']), true, false).lines)).toEqual(['bye']);
    expect(texts(cursor.take(stamped(['01.0', 'a\n'], ['02.0', 'bye']), true, false).lines)).toEqual([]);
  });

  it('orders Docker and ACI fractions by time, not as text', () => {
    const cursor = new LogCursor();
    cursor.take(parseStampedLines('2024-05-01T10:00:04.1Z a\n'), true, true);
    // .12 is later than .1, though "04.1Z" > "04.12Z" as strings; .0999999 is earlier.
    const take = cursor.take(parseStampedLines('2024-05-01T10:00:04.0999999Z old\n2024-05-01T10:00:04.1Z a\n2024-05-01T10:00:04.12Z b\n'), false, true);
    expect(texts(take.lines)).toEqual(['b\n']);
  });
});

describe('nextPollInterval', () => {
  it.each([
    ['lines flowed: back to the minimum', 4000, true, 1000],
    ['quiet: doubles', 1000, false, 2000],
    ['quiet: doubles again', 2000, false, 4000],
    ['quiet: capped at the maximum', 4000, false, 5000],
    ['quiet at the maximum: stays', 5000, false, 5000],
    ['quiet below the minimum: at least the minimum', 100, false, 1000],
  ])('%s', (_name, current, gotLines, next) => {
    expect(nextPollInterval(current, gotLines, 1000, 5000)).toBe(next);
  });
});

describe('followRetryDelay', () => {
  const policy = { retries: 3, minDelayInMs: 100, maxDelayInMs: 350 };
  const throttled = (retryAfterMs?: number) => new ThrottledError('throttled', retryAfterMs !== undefined ? { retryAfterMs } : {});
  const unavailable = new BackendUnavailableError('down');

  it('waits what a ThrottledError names, else backs off (doubling, capped)', () => {
    expect(followRetryDelay(throttled(1000), 1, policy)).toBe(1000);
    expect(followRetryDelay(throttled(), 1, policy)).toBe(100);
    expect([1, 2, 3].map((n) => followRetryDelay(unavailable, n, policy))).toEqual([100, 200, 350]);
  });

  it('gives up once the budget is spent, and at once on other errors', () => {
    expect(followRetryDelay(unavailable, 4, policy)).toBeUndefined();
    expect(followRetryDelay(throttled(10), 4, policy)).toBeUndefined();
    expect(followRetryDelay(unavailable, 1, { ...policy, retries: 0 })).toBeUndefined();
    expect(followRetryDelay(new ContainerGroupNotFoundError('rg', 'g'), 1, policy)).toBeUndefined();
    expect(followRetryDelay(new Error('boom'), 1, policy)).toBeUndefined();
  });
});
