#!/usr/bin/env node
// Checks Kusto (KQL) queries with the real Kusto language service (@kusto/language-service-next) against the
// tables and columns of an Application Insights resource (schemas/app-insights-tables.json): syntax errors,
// unknown tables, misspelt columns, wrong function arguments.
//
// Usage: node kql.mjs < queries.json   where queries.json is [{ "name": "...", "query": "..." }, ...]
// Prints [{ "name", "diagnostics": [{ "severity", "code", "message", "at" }] }] and exits 0; exit 2 on bad input.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

let globalsCache;

/** The language service's global state with one database holding the Application Insights tables. */
function globals() {
  if (globalsCache) return globalsCache;
  // The service is a Bridge.NET build: its runtime defines globals (Bridge, Kusto) when loaded.
  require('@kusto/language-service-next/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  const { Symbols, GlobalState } = globalThis.Kusto.Language;
  const schema = JSON.parse(fs.readFileSync(path.join(here, 'schemas', 'app-insights-tables.json'), 'utf8'));
  const tables = Object.entries(schema.tables).map(
    ([name, columns]) => new Symbols.TableSymbol.$ctor7(name, `(${schema.common}, ${columns})`, null));
  const database = new Symbols.DatabaseSymbol.$ctor2('applicationinsights', null, tables);
  globalsCache = GlobalState.Default.WithDatabase(database);
  return globalsCache;
}

/** Every diagnostic the language service reports for one query (an empty list when it is clean). */
export function check(query) {
  const state = globals();
  const code = globalThis.Kusto.Language.KustoCode.ParseAndAnalyze(query, state);
  const diagnostics = code.GetDiagnostics();
  const found = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    found.push({ severity: d.Severity, code: d.Code, message: d.Message, at: d.Start });
  }
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let queries;
  try {
    queries = JSON.parse(fs.readFileSync(0, 'utf8'));
    if (!Array.isArray(queries)) throw new Error('expected an array of { name, query }');
  } catch (error) {
    console.error(`kql: ${error.message}`);
    process.exit(2);
  }
  console.log(JSON.stringify(queries.map(({ name, query }) => ({ name, diagnostics: check(query) }))));
}
