#!/usr/bin/env node
// Installed entry point: runs the compiled CLI (`npm run build`, done by `npm install`, writes dist/).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('cert-verify 尚未编译：请在项目目录运行 npm run build（npm install 会自动编译）\n');
  process.exit(1);
}
await import(main.href);
