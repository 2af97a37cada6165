import { describe, expect, it } from 'vitest';
import { logContainerOf } from './log-container-of.js';
import type { ContainerGroup } from './model.js';

const container = (name: string) => ({ name, image: 'i', resources: { requests: { cpu: 1, memoryInGB: 1 } } });
const group = (names: string[], inits: string[] = []): ContainerGroup => ({
  osType: 'Linux',
  containers: names.map(container),
  ...(inits.length ? { initContainers: inits.map((name) => ({ name, image: 'i' })) } : {}),
});

describe('logContainerOf', () => {
  it.each([
    ['the container named like the group', 'web', group(['side', 'web']), undefined, 'web'],
    ['else the first container', 'web', group(['first', 'second']), undefined, 'first'],
    ['a named container', 'web', group(['web', 'side']), 'side', 'side'],
    ['a named init container', 'web', group(['web'], ['setup']), 'setup', 'setup'],
    ['the main container, even with init containers', 'web', group(['side'], ['web']), undefined, 'side'],
  ])('reads %s', (_what, name, g, option, expected) => expect(logContainerOf(name, g, option)).toBe(expected));

  it.each([
    ['an unknown container', group(['web']), 'nope', 'container group "web" has no container "nope"'],
    ['a group without containers', group([]), undefined, 'container group "web" has no containers'],
    ['a group without containers, a name given', group([]), 'web', 'container group "web" has no container "web"'],
  ])('refuses %s with a RangeError', (_what, g, option, message) => {
    expect(() => logContainerOf('web', g, option)).toThrow(new RangeError(message));
  });
});
