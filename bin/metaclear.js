#!/usr/bin/env node
// Entry point for the `metaclear` command; the TypeScript sources compile to dist/ on `npm ci`.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
