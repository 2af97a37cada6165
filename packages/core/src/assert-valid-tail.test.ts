import { describe, expect, it } from 'vitest';
import { assertValidTail } from './assert-valid-tail.js';

describe('assertValidTail', () => {
  it.each([0, 1, 1000, Number.MAX_SAFE_INTEGER])('accepts %s', (tail) => expect(() => assertValidTail(tail)).not.toThrow());

  it.each([-1, 1.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %s with a RangeError', (tail) => {
    expect(() => assertValidTail(tail)).toThrow(new RangeError(`tail must be a non-negative integer, got ${tail}`));
  });
});
