// Loaded with `node --import`: records every module URL the process resolves, and writes them (one a line) to
// $BENCH_MODULES_OUT at exit. Used by cli-cold-start to prove which packages a command loads.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env['BENCH_MODULES_OUT'];
const urls = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const r = nextResolve(specifier, context);
    urls.add(r.url);
    return r;
  },
});
process.on('exit', () => {
  if (out) writeFileSync(out, [...urls].join('\n') + '\n');
});
