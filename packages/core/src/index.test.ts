import { expect, it } from 'vitest';
import * as core from './index.js';

// Any change to the public surface shows up here in review: add the name to index.ts with its TSDoc.
it('exports exactly the public list', () => {
  expect(Object.keys(core).sort()).toMatchSnapshot();
});
