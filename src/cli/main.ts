/**
 * Entry point of `cert-verify` (also `npm run cli -- …`).
 */
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2));
