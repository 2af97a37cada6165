import { describe, expect, it } from 'vitest';
import { mainContainerOf, toMessages, toStateSummary } from './main-container.js';
import type { ContainerGroup } from './model.js';

const container = (name: string, extra: object = {}) => ({ name, image: 'img', resources: { requests: { cpu: 1, memoryInGB: 1 } }, ...extra });

describe('mainContainerOf', () => {
  it('takes the container named like the group, else the first', () => {
    expect(mainContainerOf('job', [container('sidecar'), container('job')])?.name).toBe('job');
    expect(mainContainerOf('job', [container('first'), container('second')])?.name).toBe('first');
    expect(mainContainerOf('job', [])).toBeUndefined();
  });
});

describe('toStateSummary', () => {
  it('falls back to the provisioning state, then Pending, with no made-up exit code', () => {
    const group: ContainerGroup = { osType: 'Linux', containers: [container('job')], provisioningState: 'Creating' };
    expect(toStateSummary('job', group)).toEqual({ state: 'Creating', exitCode: undefined, detailStatus: '' });
    expect(toStateSummary('job', { osType: 'Linux', containers: [container('job')] })).toEqual({ state: 'Pending', exitCode: undefined, detailStatus: '' });
  });

  it("reads the main container's current state", () => {
    const terminated = { restartCount: 0, currentState: { state: 'Terminated', exitCode: 3, detailStatus: 'Error' } };
    const running = { currentState: { state: 'Running', detailStatus: '' } };
    const group: ContainerGroup = {
      osType: 'Linux',
      provisioningState: 'Succeeded',
      containers: [container('sidecar', { instanceView: running }), container('job', { instanceView: terminated })],
    };
    expect(toStateSummary('job', group)).toEqual({ state: 'Terminated', exitCode: 3, detailStatus: 'Error' });
    expect(toStateSummary('other', group)).toEqual({ state: 'Running', exitCode: undefined, detailStatus: '' });
  });
});

describe('toMessages', () => {
  it("lists the main container's event messages oldest first", () => {
    const events = [
      { name: 'Started', message: 'Started container', firstTimestamp: new Date('2026-01-01T00:00:03Z') },
      { name: 'Pulling', message: 'pulling image "img"', firstTimestamp: new Date('2026-01-01T00:00:01Z') },
      { name: 'Pulled', message: 'Successfully pulled image "img"', firstTimestamp: new Date('2026-01-01T00:00:02Z') },
    ];
    const group: ContainerGroup = { osType: 'Linux', containers: [container('job', { instanceView: { events } })] };
    expect(toMessages('job', group)).toEqual(['pulling image "img"', 'Successfully pulled image "img"', 'Started container']);
    expect(toMessages('job', { osType: 'Linux', containers: [container('job')] })).toEqual([]);
  });
});
