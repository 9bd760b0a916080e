// node --test tools/infra-checks/
// Proves the checker passes on the real tree and fails, with a clear message, on broken copies of it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runChecks, bicepSyntaxProblems, azureYamlProblems } from './check.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const checkScript = path.join(here, 'check.mjs');

/** Copies infra/ and azure.yaml into a fresh temp dir, with the service project folders azure.yaml names. */
function copyOfTree() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedtime-infra-checks-'));
  fs.cpSync(path.join(repoRoot, 'infra'), path.join(dir, 'infra'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'azure.yaml'), path.join(dir, 'azure.yaml'));
  fs.mkdirSync(path.join(dir, 'functions', 'Bedtime.Functions'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'web', 'scripts'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'web', 'scripts', 'write-config.mjs'), path.join(dir, 'web', 'scripts', 'write-config.mjs'));
  return dir;
}

function removeTree(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

test('the real tree passes every check', async () => {
  const result = await runChecks(repoRoot);
  assert.deepEqual(result.problems, []);
  assert.ok(result.filesParsed >= 10, `expected the infra modules to be parsed, got ${result.filesParsed}`);
  assert.equal(result.azureYamlValid, true);
});

test('the command line prints the summary line and exits 0 on the real tree', () => {
  const output = execFileSync(process.execPath, [checkScript, '--root', repoRoot], { encoding: 'utf8' });
  assert.match(output, /^infra checks: \d+ files parsed, azure\.yaml valid$/m);
});

test('an unmodified copy of the tree passes (the fixture itself is sound)', async () => {
  const dir = copyOfTree();
  try {
    const result = await runChecks(dir);
    assert.deepEqual(result.problems, []);
  } finally {
    removeTree(dir);
  }
});

test('a bicep file missing a closing brace fails with its file and line', async () => {
  const dir = copyOfTree();
  try {
    const file = path.join(dir, 'infra', 'app', 'identity.bicep');
    const source = fs.readFileSync(file, 'utf8');
    const broken = source.replace(/\n}\n/, '\n\n');
    assert.notEqual(broken, source, 'the fixture should contain a closing brace on its own line');
    fs.writeFileSync(file, broken);

    const result = await runChecks(dir);
    assert.ok(result.problems.length > 0, 'the broken file should be reported');
    assert.ok(
      result.problems.some((p) => /^infra\/app\/identity\.bicep:\d+:\d+: /.test(p)),
      `expected a problem located in identity.bicep, got:\n${result.problems.join('\n')}`,
    );

    const run = spawnSync(process.execPath, [checkScript, '--root', dir], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /error: infra\/app\/identity\.bicep:\d+:\d+: /);
  } finally {
    removeTree(dir);
  }
});

test('an azure.yaml with an unknown host fails', async () => {
  const dir = copyOfTree();
  try {
    const file = path.join(dir, 'azure.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const broken = text.replace(/host: function\b/, 'host: functionapp');
    assert.notEqual(broken, text);
    fs.writeFileSync(file, broken);

    const result = await runChecks(dir);
    assert.equal(result.azureYamlValid, false);
    assert.ok(
      result.problems.some((p) => p.includes('schema: /services/api/host') && p.includes('"functionapp"')),
      `expected the unknown host to be reported, got:\n${result.problems.join('\n')}`,
    );

    const run = spawnSync(process.execPath, [checkScript, '--root', dir], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /azure\.yaml INVALID/);
  } finally {
    removeTree(dir);
  }
});

test('an azure.yaml with an unknown top-level key fails', async () => {
  const dir = copyOfTree();
  try {
    const file = path.join(dir, 'azure.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const broken = text.replace(/^services:/m, 'servics:');
    assert.notEqual(broken, text);
    fs.writeFileSync(file, broken);

    const result = await runChecks(dir);
    assert.equal(result.azureYamlValid, false);
    assert.ok(
      result.problems.some((p) => p.includes('schema: / must NOT have additional properties') && p.includes("'servics'")),
      `expected the misspelled key to be reported, got:\n${result.problems.join('\n')}`,
    );

    const run = spawnSync(process.execPath, [checkScript, '--root', dir], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /azure\.yaml INVALID/);
  } finally {
    removeTree(dir);
  }
});

test('an azure.yaml that breaks the schema is reported with the offending path', () => {
  const problems = azureYamlProblems('name: Not_Valid\nservices:\n  api:\n    host: function\n', null);
  assert.ok(problems.some((p) => p.includes('schema: /name')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('schema: /services/api') && p.includes('project')), problems.join('\n'));
});

test('a hook script that does not exist is reported', async () => {
  const dir = copyOfTree();
  try {
    fs.rmSync(path.join(dir, 'infra', 'hooks', 'postprovision.sh'));
    const result = await runChecks(dir);
    assert.ok(result.problems.some((p) => p.includes('hooks.postprovision.posix.run')), result.problems.join('\n'));
  } finally {
    removeTree(dir);
  }
});

test('a module path that does not exist is reported', async () => {
  const dir = copyOfTree();
  try {
    fs.rmSync(path.join(dir, 'infra', 'app', 'workbook.bicep'));
    const result = await runChecks(dir);
    assert.ok(
      result.problems.some((p) => p.startsWith('infra/main.bicep:') && p.includes("'./app/workbook.bicep'")),
      result.problems.join('\n'),
    );
  } finally {
    removeTree(dir);
  }
});

test('the grammar reports syntax errors it is given', async () => {
  assert.deepEqual(await bicepSyntaxProblems("var ok = {\n  a: 1\n}\n"), []);
  assert.ok((await bicepSyntaxProblems("var bad = {\n  a 1\n}\n")).length > 0);
  assert.ok((await bicepSyntaxProblems("var s = 'unterminated\n")).length > 0);
});

test("a service hook naming a script missing from the service's folder fails with the service and hook", async () => {
  const dir = copyOfTree();
  try {
    fs.rmSync(path.join(dir, 'web', 'scripts', 'write-config.mjs'));
    const result = await runChecks(dir);
    assert.ok(result.problems.some((p) => /services\.web\.hooks\.prepackage\.posix\.run 'node scripts\/write-config\.mjs' names a script that does not exist/.test(p)),
      result.problems.join('\n'));
  } finally {
    removeTree(dir);
  }
});
