import { describe, expect, it } from 'vitest';
import { toWrittenOrder } from './log-order.js';

describe('toWrittenOrder', () => {
  it('orders stderr and stdout lines by their stamps, stably, and drops the stamps', () => {
    const lines = ['2026-01-01T00:00:00.3Z err a\n', '2026-01-01T00:00:00.1Z out b\n', '2026-01-01T00:00:00.25Z out c\n', '2026-01-01T00:00:00.3Z out d\n'];
    expect(toWrittenOrder(lines, false)).toEqual(['out b\n', 'out c\n', 'err a\n', 'out d\n']);
  });

  it('compares fractions of different lengths as times (…00.3Z after …00.25Z)', () => {
    expect(toWrittenOrder(['2026-01-01T00:00:00.3Z x\n', '2026-01-01T00:00:00.25Z y\n'], true)).toEqual(['2026-01-01T00:00:00.25Z y\n', '2026-01-01T00:00:00.3Z x\n']);
  });

  it('keeps an unstamped line after its predecessor and a last line without a newline', () => {
    expect(toWrittenOrder(['2026-01-01T00:00:02Z b\n', 'cont\n', '2026-01-01T00:00:01Z a'], false)).toEqual(['a', 'b\n', 'cont\n']);
  });
});
