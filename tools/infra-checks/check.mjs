#!/usr/bin/env node
// Offline checks of the Azure side of the project (no Bicep compiler, no azd, no network needed):
//
//  * every infra/**/*.bicep parses with a real Bicep grammar (tree-sitter-bicep, loaded as WebAssembly
//    through web-tree-sitter, so no native build is needed); ERROR and MISSING nodes are reported with
//    file:line:column;
//  * local module paths and loadTextContent/loadJsonContent files referenced by the Bicep files exist;
//  * infra/main.parameters.json is JSON, names only parameters main.bicep declares, and sets every
//    main.bicep parameter that has no default;
//  * azure.yaml is YAML and valid against schemas/azure.yaml.schema.json (a JSON Schema this project wrote
//    from the azd documentation; unknown keys, hosts and languages fail), and the service projects and hook
//    scripts it names exist.
//
// Usage: node tools/infra-checks/check.mjs [--root <dir>]    (default root: the repository root)
// Exit code 0 when everything passes, 1 when a problem is found, 2 on a usage error.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const defaultRoot = path.resolve(here, '..', '..');

// ------------------------------------------------------------------------------------------------
// Bicep
// ------------------------------------------------------------------------------------------------

let parserPromise;

/** Returns a web-tree-sitter parser with the Bicep grammar (created once). */
export function bicepParser() {
  parserPromise ??= (async () => {
    const Parser = require('web-tree-sitter');
    await Parser.init();
    const wasm = require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm');
    const language = await Parser.Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

const flag = (node, name) => (typeof node[name] === 'function' ? node[name]() : Boolean(node[name]));

/** Lists every .bicep file under dir (sorted, relative paths use forward slashes). */
export function findBicepFiles(dir) {
  const found = [];
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.bicep')) found.push(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return found.sort();
}

/**
 * Parses Bicep source text and returns its syntax problems: [{ line, column, message }] (1-based).
 */
export async function bicepSyntaxProblems(source) {
  const parser = await bicepParser();
  const tree = parser.parse(source);
  const problems = [];
  const lines = source.split(/\r?\n/);
  const visit = (node) => {
    const missing = flag(node, 'isMissing');
    if (node.type === 'ERROR' || missing) {
      const { row, column } = node.startPosition;
      const text = (lines[row] ?? '').trim();
      const excerpt = text.length > 80 ? `${text.slice(0, 77)}...` : text;
      problems.push({
        line: row + 1,
        column: column + 1,
        message: missing
          ? `missing ${JSON.stringify(node.type)} (near: ${excerpt})`
          : `syntax error (near: ${excerpt})`,
      });
      if (!missing) return; // the children of an ERROR node add nothing useful
    }
    for (let i = 0; i < node.childCount; i++) visit(node.child(i));
  };
  if (flag(tree.rootNode, 'hasError')) visit(tree.rootNode);
  tree.delete?.();
  return problems;
}

/** Local module paths and load*Content files named in Bicep text: [{ line, target }]. */
export function bicepFileReferences(source) {
  const references = [];
  const patterns = [
    /^\s*module\s+\w+\s+'([^']+)'/,
    /\bload(?:Text|Json|Yaml|FileAsBase64)Content\(\s*'([^']+)'/g,
  ];
  source.split(/\r?\n/).forEach((text, index) => {
    const module = patterns[0].exec(text);
    if (module && !/^(br|ts)[:/]/.test(module[1])) references.push({ line: index + 1, target: module[1] });
    for (const match of text.matchAll(patterns[1])) references.push({ line: index + 1, target: match[1] });
  });
  return references;
}

/** Parameters declared in Bicep text: Map name -> { hasDefault }. */
export function bicepParameters(source) {
  const parameters = new Map();
  for (const match of source.matchAll(/^\s*param\s+(\w+)\s+[\w.\[\]]+\??(\s*=)?/gm)) {
    parameters.set(match[1], { hasDefault: Boolean(match[2]) });
  }
  return parameters;
}

export async function checkBicep(root) {
  const infraDir = path.join(root, 'infra');
  const files = findBicepFiles(infraDir);
  const problems = [];
  if (files.length === 0) problems.push(`${path.relative(root, infraDir) || 'infra'}: no .bicep files found`);
  for (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    const source = fs.readFileSync(file, 'utf8');
    for (const p of await bicepSyntaxProblems(source)) {
      problems.push(`${relative}:${p.line}:${p.column}: ${p.message}`);
    }
    for (const ref of bicepFileReferences(source)) {
      const target = path.resolve(path.dirname(file), ref.target);
      if (!fs.existsSync(target)) {
        problems.push(`${relative}:${ref.line}: references '${ref.target}', which does not exist`);
      }
    }
  }
  problems.push(...checkParametersFile(root));
  return { files: files.length, problems };
}

export function checkParametersFile(root) {
  const mainBicep = path.join(root, 'infra', 'main.bicep');
  const parametersFile = path.join(root, 'infra', 'main.parameters.json');
  const problems = [];
  if (!fs.existsSync(mainBicep)) return [`infra/main.bicep: missing`];
  if (!fs.existsSync(parametersFile)) return [`infra/main.parameters.json: missing`];
  let document;
  try {
    document = JSON.parse(fs.readFileSync(parametersFile, 'utf8'));
  } catch (error) {
    return [`infra/main.parameters.json: not valid JSON (${error.message})`];
  }
  const declared = bicepParameters(fs.readFileSync(mainBicep, 'utf8'));
  const given = document?.parameters ?? {};
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) problems.push(`infra/main.parameters.json: parameter '${name}' is not declared in infra/main.bicep`);
    else if (!given[name] || !('value' in given[name] || 'reference' in given[name])) {
      problems.push(`infra/main.parameters.json: parameter '${name}' has no value`);
    }
  }
  for (const [name, { hasDefault }] of declared) {
    if (!hasDefault && !(name in given)) {
      problems.push(`infra/main.parameters.json: infra/main.bicep parameter '${name}' has no default and no value here`);
    }
  }
  return problems;
}

// ------------------------------------------------------------------------------------------------
// azure.yaml
// ------------------------------------------------------------------------------------------------

export const schemaPath = path.join(here, 'schemas', 'azure.yaml.schema.json');

let validatorCache;
function azureYamlValidator() {
  if (!validatorCache) {
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
    // Our own draft-07 schema (Ajv's default dialect). Strict mode makes an unknown keyword in the schema an
    // error; strictRequired/strictTypes stay off because the host/type rules use "not: { required }".
    // verbose: errors carry their parentSchema, whose description explains a failed rule.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
    const validate = ajv.compile(schema);
    // The schema's host enum rejects unknown hosts. Only if a schema without that enum is ever used does
    // check.mjs fall back to its own host rule (against the schema's examples, if any).
    const host = schema.definitions?.service?.properties?.host ?? {};
    const hostRule = Array.isArray(host.enum) ? null : Array.isArray(host.examples) ? host.examples : null;
    validatorCache = { validate, hostRule };
  }
  return validatorCache;
}

/** The value at a JSON pointer (as Ajv reports instancePath) inside a document. */
function valueAt(document, pointer) {
  let current = document;
  for (const part of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = current[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

/**
 * The description of the schema rule behind a "not"/"anyOf"/branch-"required" error: the object holding the
 * failing keyword if it has one, else the innermost described if/then/else block around it (Ajv, verbose,
 * reports the failed "if" of each such block with the block as its parentSchema).
 */
function ruleDescription(error, errors) {
  if (typeof error.parentSchema?.description === 'string') return error.parentSchema.description;
  let best;
  for (const other of errors) {
    if (other.keyword !== 'if' || other.instancePath !== error.instancePath) continue;
    if (typeof other.parentSchema?.description !== 'string') continue;
    const block = other.schemaPath.slice(0, -'if'.length);
    if (error.schemaPath.startsWith(block) && (!best || block.length > best.block.length)) {
      best = { block, description: other.parentSchema.description };
    }
  }
  return best?.description;
}

/** True for an error that only explains a failed anyOf/oneOf/not reported at the same place. */
function isInnerAlternative(error, errors) {
  return errors.some((outer) => outer !== error
    && ['anyOf', 'oneOf', 'not'].includes(outer.keyword)
    && outer.instancePath === error.instancePath
    && error.schemaPath.startsWith(`${outer.schemaPath}/`));
}

/** One readable line per schema error; if/then/else wrappers are dropped (their inner error is reported). */
function schemaErrorLines(errors, document, fileLabel) {
  const lines = [];
  for (const error of errors) {
    if (error.keyword === 'if' || isInnerAlternative(error, errors)) continue;
    const at = error.instancePath || '/';
    let detail = '';
    if (['not', 'anyOf', 'oneOf'].includes(error.keyword)
      || (error.keyword === 'required' && /\/(then|else)\//.test(error.schemaPath))) {
      const rule = ruleDescription(error, errors);
      if (rule) detail = ` (rule: ${rule})`;
    } else if (error.keyword === 'enum') {
      detail = ` (got ${JSON.stringify(valueAt(document, error.instancePath))}; allowed: ${error.params.allowedValues.join(', ')})`;
    } else if (error.keyword === 'additionalProperties') {
      detail = ` ('${error.params.additionalProperty}' is not a key azd documents here)`;
    } else if (error.keyword === 'pattern' || error.keyword === 'type') {
      detail = ` (got ${JSON.stringify(valueAt(document, error.instancePath))})`;
    }
    const line = `${fileLabel}: schema: ${at} ${error.message}${detail}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

/** Validates azure.yaml text. `baseDir` is where relative paths in it are resolved (null = skip). */
export function azureYamlProblems(text, baseDir, fileLabel = 'azure.yaml') {
  const problems = [];
  const document = YAML.parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const where = error.linePos?.[0] ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
      problems.push(`${fileLabel}${where}: YAML error: ${error.message.split('\n')[0]}`);
    }
    return problems;
  }
  const value = document.toJS();
  const { validate, hostRule } = azureYamlValidator();
  if (!validate(value)) problems.push(...schemaErrorLines(validate.errors, value, fileLabel));
  const services = value && typeof value.services === 'object' && value.services ? value.services : {};
  for (const [name, service] of Object.entries(services)) {
    if (!service || typeof service !== 'object') continue;
    if (hostRule && typeof service.host === 'string' && !hostRule.includes(service.host)) {
      problems.push(`${fileLabel}: services.${name}.host '${service.host}' is not a host azd knows (${hostRule.join(', ')})`);
    }
    if (baseDir && typeof service.project === 'string' && !fs.existsSync(path.resolve(baseDir, service.project))) {
      problems.push(`${fileLabel}: services.${name}.project '${service.project}' does not exist`);
    }
    // A service's hooks run in its project folder: `node <script>` must name a script there.
    if (baseDir && typeof service.project === 'string') {
      for (const { where, run } of hookScripts(service.hooks, `services.${name}.hooks`)) {
        const script = /^node\s+(\S+)/.exec(run.trim())?.[1];
        if (script && !fs.existsSync(path.resolve(baseDir, service.project, script))) {
          problems.push(`${fileLabel}: ${where}.run '${run}' names a script that does not exist in ${service.project}`);
        }
      }
    }
  }
  if (baseDir) {
    for (const { where, run } of hookScripts(value?.hooks, 'hooks')) {
      // Inline scripts have spaces; paths to scripts do not.
      if (/\s/.test(run.trim())) continue;
      if (!fs.existsSync(path.resolve(baseDir, run))) problems.push(`${fileLabel}: ${where}.run '${run}' does not exist`);
    }
  }
  return problems;
}

function* hookScripts(hooks, prefix) {
  if (!hooks || typeof hooks !== 'object') return;
  for (const [event, definition] of Object.entries(hooks)) {
    const list = Array.isArray(definition) ? definition : [definition];
    for (const [index, hook] of list.entries()) {
      const where = Array.isArray(definition) ? `${prefix}.${event}[${index}]` : `${prefix}.${event}`;
      yield* hookRuns(hook, where);
    }
  }
}

function* hookRuns(hook, where) {
  if (!hook || typeof hook !== 'object') return;
  if (typeof hook.run === 'string') yield { where, run: hook.run };
  for (const platform of ['windows', 'posix']) {
    if (hook[platform]) yield* hookRuns(hook[platform], `${where}.${platform}`);
  }
}

export function checkAzureYaml(root) {
  const file = path.join(root, 'azure.yaml');
  if (!fs.existsSync(file)) return { problems: ['azure.yaml: missing at the repository root'] };
  return { problems: azureYamlProblems(fs.readFileSync(file, 'utf8'), root) };
}

// ------------------------------------------------------------------------------------------------
// Entry point
// ------------------------------------------------------------------------------------------------

export async function runChecks(root) {
  const bicep = await checkBicep(root);
  const azureYaml = checkAzureYaml(root);
  return {
    filesParsed: bicep.files,
    azureYamlValid: azureYaml.problems.length === 0,
    problems: [...bicep.problems, ...azureYaml.problems],
  };
}

function parseArguments(argv) {
  let root = defaultRoot;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root' && argv[i + 1]) root = path.resolve(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') return { help: true };
    else return { error: `unknown argument: ${argv[i]}` };
  }
  return { root };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (options.help || options.error) {
    if (options.error) console.error(options.error);
    console.error('usage: node tools/infra-checks/check.mjs [--root <dir>]');
    process.exit(options.error ? 2 : 0);
  }
  const result = await runChecks(options.root);
  for (const problem of result.problems) console.error(`error: ${problem}`);
  const summary = `infra checks: ${result.filesParsed} files parsed, azure.yaml ${result.azureYamlValid ? 'valid' : 'INVALID'}`;
  if (result.problems.length > 0) {
    console.error(`${summary}, ${result.problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(summary);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
