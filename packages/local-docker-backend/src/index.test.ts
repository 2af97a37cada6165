import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the public list', () => {
  expect(Object.keys(api).sort()).toEqual(['DockerContainerGroupHook', 'dockerBackendModule']);
});
