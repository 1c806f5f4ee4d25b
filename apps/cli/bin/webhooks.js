#!/usr/bin/env node
// The `webhooks` command: the compiled CLI (`npm run build`). From the sources, without a build:
// node --conditions=@webhooks/source --import tsx apps/cli/src/main.ts <command>
import '../dist/main.js';
