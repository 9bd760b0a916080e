// Lints an OpenAPI document with the Redocly CLI and this folder's rules; exits non-zero on any error.
// Usage: node tools/api-lint/lint.mjs [document]   (default: the API's functions/Bedtime/Http/openapi.json)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const document = resolve(process.argv[2] ?? join(here, '..', '..', 'functions', 'Bedtime', 'Http', 'openapi.json'));

/** Runs the Redocly CLI on a document; returns its exit code and output. */
export function lint(path) {
  const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'lint', path, '--config', join(here, 'redocly.yaml'), '--format', 'stylish'],
    { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { code, output } = lint(document);
  if (code !== 0) {
    console.error(output);
    console.error('OpenAPI lint failed');
    process.exit(1);
  }
  console.log('OpenAPI lint: no errors (Redocly recommended rules)');
}
