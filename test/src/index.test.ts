import { expect, it } from 'vitest';

it('exports exactly the public names', async () => {
  const exported = Object.keys(await import('./index.js')).sort();
  expect(exported).toEqual(['describeContainerGroupHookContract']);
});
