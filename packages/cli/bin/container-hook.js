#!/usr/bin/env node
// The installed command: runs the built CLI. Kept tiny so that `--help` loads only the argument parser.
import { interruptOnSignals, main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2), { abortSignal: interruptOnSignals() });
