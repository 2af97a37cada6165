import { expect, it } from 'vitest';
import * as cli from './index.js';

it('exports exactly its public list', () => {
  expect(Object.keys(cli).sort()).toMatchInlineSnapshot(`
    [
      "ExitCode",
      "UsageError",
      "buildCli",
      "createOutput",
      "formatTable",
      "interruptOnSignals",
      "main",
    ]
  `);
});
