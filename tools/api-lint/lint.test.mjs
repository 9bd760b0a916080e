import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint } from './lint.mjs';

const api = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'functions', 'Bedtime', 'Http', 'openapi.json');

function brokenCopy(breakIt) {
  const doc = JSON.parse(readFileSync(api, 'utf8'));
  breakIt(doc);
  const path = join(mkdtempSync(join(tmpdir(), 'bedtime-api-lint-')), 'openapi.json');
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

test('the API document lints clean', () => {
  const { code, output } = lint(api);
  assert.equal(code, 0, output);
});

test('a reference to a schema that does not exist is an error', () => {
  const { code } = lint(brokenCopy(doc => { doc.paths['/voices'].get.responses['200'].content['application/json'].schema.$ref = '#/components/schemas/Nowhere'; }));
  assert.notEqual(code, 0);
});

test('two operations with one operationId are an error', () => {
  const { code } = lint(brokenCopy(doc => { doc.paths['/voices'].get.operationId = doc.paths['/health'].get.operationId; }));
  assert.notEqual(code, 0);
});
