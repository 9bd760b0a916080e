import test from 'node:test';
import assert from 'node:assert/strict';
import { check } from './kql.mjs';

test('a query over known tables and columns has no diagnostics', () => {
  assert.deepEqual(check('requests | where isnotempty(url) | summarize n = count() by bin(timestamp, 5m)'), []);
});

test('a misspelt column is reported', () => {
  const found = check('requests | where resultcode == "500"');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /resultcode/);
});

test('an unknown table is reported', () => {
  assert.match(check('customMetricz | take 1')[0].message, /customMetricz/);
});

test('a syntax error is reported', () => {
  assert.ok(check('requests | where (').length > 0);
});
