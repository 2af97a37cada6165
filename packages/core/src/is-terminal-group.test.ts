import { describe, expect, it } from 'vitest';
import { isTerminalContainer, isTerminalGroup } from './is-terminal-group.js';
import type { Container, ContainerGroup, ContainerPropertiesInstanceView } from './model.js';

const terminated = (exitCode: number): ContainerPropertiesInstanceView => ({ restartCount: 0, currentState: { state: 'Terminated', exitCode, detailStatus: exitCode === 0 ? 'Completed' : 'Error' } });
const running: ContainerPropertiesInstanceView = { restartCount: 0, currentState: { state: 'Running', detailStatus: '' } };
const backOff: ContainerPropertiesInstanceView = { restartCount: 1, currentState: { state: 'Waiting', detailStatus: 'CrashLoopBackOff' } };
const container = (name: string, instanceView?: ContainerPropertiesInstanceView): Container => ({
  name,
  image: 'i',
  resources: { requests: { cpu: 1, memoryInGB: 1 } },
  ...(instanceView ? { instanceView } : {}),
});

describe('isTerminalContainer', () => {
  it.each<[string, ContainerPropertiesInstanceView | undefined, string | undefined, boolean]>([
    ['exit 0 under Never', terminated(0), 'Never', true],
    ['exit 1 under Never', terminated(1), 'Never', true],
    ['exit 0 under OnFailure', terminated(0), 'OnFailure', true],
    ['exit 1 under OnFailure', terminated(1), 'OnFailure', false],
    ['exit 0 under Always', terminated(0), 'Always', false],
    ['exit 0 under the default policy (Always)', terminated(0), undefined, false],
    ['exit 0 under an unknown policy', terminated(0), 'Sometimes', false],
    ['running', running, 'Never', false],
    ['waiting to be restarted', backOff, 'OnFailure', false],
    ['without an instance view', undefined, 'Never', false],
    ['Terminated without an exit code', { currentState: { state: 'Terminated', detailStatus: '' } }, 'Never', false],
  ])('%s → %s', (_what, view, policy, expected) => expect(isTerminalContainer(container('c', view), policy)).toBe(expected));
});

describe('isTerminalGroup', () => {
  const group = (provisioningState: string | undefined, state: string | undefined, restartPolicy: string, containers: Container[] = [container('web', running)]): ContainerGroup => ({
    osType: 'Linux',
    restartPolicy,
    containers,
    ...(provisioningState ? { provisioningState } : {}),
    ...(state ? { instanceView: { state } } : {}),
  });
  it.each<[string, ContainerGroup, boolean]>([
    ['running', group('Succeeded', 'Running', 'Never'), false],
    ['pending', group('Pending', 'Pending', 'Never'), false],
    ['not reported yet', group(undefined, undefined, 'Never'), false],
    ['succeeded', group('Succeeded', 'Succeeded', 'Never'), true],
    ['failed', group('Succeeded', 'Failed', 'Never'), true],
    ['stopped', group('Succeeded', 'Stopped', 'Always'), true],
    ['provisioning failed', group('Failed', 'Failed', 'Always'), true],
    ['provisioning failed, no group state', group('Failed', undefined, 'Always'), true],
    ['every container exited under Never, group state not reported', group('Succeeded', undefined, 'Never', [container('a', terminated(0)), container('b', terminated(3))]), true],
    ['every container exited under Never, group still Running', group('Succeeded', 'Running', 'Never', [container('a', terminated(0))]), true],
    ['one container still running', group('Succeeded', 'Running', 'Never', [container('a', terminated(0)), container('b', running)]), false],
    ['exited under Always (it will be restarted)', group('Succeeded', 'Running', 'Always', [container('a', terminated(0))]), false],
    ['exited 1 under OnFailure (it will be restarted)', group('Succeeded', 'Running', 'OnFailure', [container('a', terminated(1))]), false],
    ['exited under Never while provisioning again (start re-runs init containers)', group('Pending', 'Pending', 'Never', [container('a', terminated(0))]), false],
    ['no containers', group('Succeeded', 'Running', 'Never', []), false],
  ])('%s → %s', (_what, g, expected) => expect(isTerminalGroup(g)).toBe(expected));
});
