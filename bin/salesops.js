#!/usr/bin/env node
// The `salesops` command. Runs the TypeScript sources through tsx's loader, so `npm start` needs no
// separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
