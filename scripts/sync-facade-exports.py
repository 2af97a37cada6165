#!/usr/bin/env python3
"""Rewrites packages/container-hook/src/index.ts from the core's public list (named re-exports only).
Run after adding an export to packages/core/src/index.ts; packages/container-hook/src/index.test.ts fails until then."""
import pathlib, re
root = pathlib.Path(__file__).resolve().parent.parent
core = (root / 'packages/core/src/index.ts').read_text()
body = re.sub(r"from '\./[^']+'", "from '@container-hook/core'", core.split('\n', 3)[3])
head = """// What users install: the core's public list, re-exported by name (scripts/sync-facade-exports.py writes
// it from packages/core/src/index.ts), with the built-in backends registered lazily on import.
import { registerBuiltInBackends } from './built-in-backends.js';

registerBuiltInBackends();

export { registerBuiltInBackends };
"""
(root / 'packages/container-hook/src/index.ts').write_text(head + body)
