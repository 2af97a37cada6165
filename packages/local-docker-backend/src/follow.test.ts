import { describe, expect, it } from 'vitest';
import type { ContainerGroup } from '@container-hook/core';
import { mayStart, toFollowStep } from './follow.js';

describe('toFollowStep', () => {
  it.each([
    ['running again (restarted while read)', { Status: 'running', Running: true, Restarting: false }, 'reopen'],
    ['waiting to be restarted', { Status: 'restarting', Running: true, Restarting: true }, 'wait'],
    ['created, not started yet', { Status: 'created', Running: false, Restarting: false }, 'wait'],
    ['exited for good', { Status: 'exited', Running: false, Restarting: false }, 'end'],
    ['dead', { Status: 'dead', Running: false, Restarting: false }, 'end'],
  ] as const)('%s → %s', (_name, state, step) => {
    expect(toFollowStep(state)).toBe(step);
  });
});

describe('mayStart', () => {
  const g = (provisioningState: string, state: string): ContainerGroup => ({ osType: 'Linux', containers: [], provisioningState, instanceView: { state } });
  it.each([
    ['an unreadable group', undefined, false],
    ['failed provisioning', g('Failed', 'Failed'), false],
    ['a stopped group', g('Succeeded', 'Stopped'), false],
    ['a pending group', g('Pending', 'Pending'), true],
    ['a running group', g('Succeeded', 'Running'), true],
  ] as const)('%s → %s', (_name, group, may) => {
    expect(mayStart(group)).toBe(may);
  });
});
