#!/usr/bin/env node
// The only place that sets the process exit code (house style §13): the CLI returns a number.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // An error we did not expect is a bug: one line, the stack only with --debug.
    const debug = process.argv.includes('--debug');
    process.stderr.write(`scimctl: internal error: ${err && err.message ? err.message : String(err)}\n`);
    if (debug && err && err.stack) process.stderr.write(`${err.stack}\n`);
    else process.stderr.write('scimctl: this is a bug; rerun with --debug and report it\n');
    process.exitCode = 70;
  },
);
