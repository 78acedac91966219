#!/usr/bin/env node
// The canonize executable: a shim over the compiled CLI (npm ci / npm run build produce dist/).
import { main } from '../dist/bin/cli.js';

process.exitCode = await main(process.argv.slice(2));
