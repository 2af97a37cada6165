import { describe, expect, it } from 'vitest';
import type { ContainerInspectInfo } from 'dockerode';
import { isBeingRemoved } from './containers.js';

describe('isBeingRemoved', () => {
  it.each([
    ['removing', true],
    ['dead', true],
    ['running', false],
    ['exited', false],
    ['paused', false],
    ['created', false],
  ])('%s → %s', (Status, removed) => {
    expect(isBeingRemoved({ State: { Status } as ContainerInspectInfo['State'] })).toBe(removed);
  });
});
