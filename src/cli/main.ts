/**
 * Entry point of `cert-verify` (also `npm run cli -- …`). Whatever the process creates is its user's alone
 * (umask 077): besides the files the bot writes with their modes set, the embedded database (PGlite) creates its
 * own files, WAL segments included, with the process's umask.
 */
import { runCli } from './run.js';

process.umask(0o077);
process.exitCode = await runCli(process.argv.slice(2));
