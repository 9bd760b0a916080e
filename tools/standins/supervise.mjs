#!/usr/bin/env node
// Runs a stand-in as a child and ends it when our stdin closes. The .NET runner holds our stdin open, so if the
// runner dies — even by SIGKILL — the pipe closes and the stand-in goes with it instead of holding its port forever.
// The local Functions host starts the Functions worker through it too. It prints "supervise: pid <n>" (the child's
// process id) on stderr once the child is started.
// Usage: node supervise.mjs <program> [args...]
import { spawn } from 'node:child_process';

const [program, ...args] = process.argv.slice(2);
if (!program) {
  console.error('usage: node supervise.mjs <program> [args...]');
  process.exit(2);
}

const child = spawn(program, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
};

child.on('spawn', () => console.error(`supervise: pid ${child.pid}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (err) => {
  console.error(`supervise: could not start ${program}: ${err.message}`);
  process.exit(1);
});
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
