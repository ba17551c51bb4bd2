// Turns a small graph of ES modules into one classic script, for the places that cannot load modules: content
// scripts (scripting.executeScript and registered content scripts are classic scripts in Chromium and Firefox).
//
// It understands exactly the module syntax dsmark's own code uses, and refuses anything else rather than guess:
//   import { a, b as c } from './x.js';          (relative, named imports only, possibly over several lines)
//   export function f / export async function f / export class C / export const|let x
// Each module becomes a function scope returning its exports; imports become reads from modules earlier in
// dependency order; the whole script runs in one strict-mode function, so nothing leaks into the page's world.
import fs from 'node:fs';
import path from 'node:path';

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*['"](\.{1,2}\/[^'"]+)['"];?[ \t]*$/gm;
const EXPORT_DECL = /^export\s+(?:(async\s+)?function\*?\s+([A-Za-z_$][\w$]*)|class\s+([A-Za-z_$][\w$]*)|(?:const|let)\s+([A-Za-z_$][\w$]*))/gm;

function parseModule(file) {
  const src = fs.readFileSync(file, 'utf8');
  const imports = [];
  let body = src.replace(IMPORT, (_, names, spec) => {
    const bindings = names.split(',').map((n) => n.trim()).filter(Boolean).map((n) => {
      const m = /^([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(n);
      if (!m) throw new Error(`${file}: cannot bundle the import binding "${n}"`);
      return { imported: m[1], local: m[2] || m[1] };
    });
    imports.push({ spec, file: path.resolve(path.dirname(file), spec), bindings });
    return '';
  });
  const exports = [];
  body = body.replace(EXPORT_DECL, (decl, isAsync, fn, cls, variable) => {
    exports.push(fn || cls || variable);
    return decl.replace(/^export\s+/, '');
  });
  // Anything module-only that is left is refused.
  const rest = body.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [re, what] of [
    [/^\s*import[\s{*'"]/m, 'an import form other than named imports from a relative path'],
    [/^\s*export\b/m, 'an export form other than export function/class/const/let'],
    [/\bimport\s*\(/, 'a dynamic import()'],
    [/\bimport\.meta\b/, 'import.meta'],
  ]) {
    if (re.test(rest)) throw new Error(`${file}: cannot bundle ${what}`);
  }
  return { file, body, imports, exports };
}

/** Bundles `entry` and the modules it imports into one classic script; returns its text. */
export function bundleClassic(entry, { banner = '' } = {}) {
  const modules = new Map();
  const order = [];
  const visiting = new Set();
  const visit = (file) => {
    if (modules.has(file)) return;
    if (visiting.has(file)) throw new Error(`import cycle through ${file}`);
    visiting.add(file);
    const m = parseModule(file);
    for (const i of m.imports) visit(i.file);
    visiting.delete(file);
    modules.set(file, m);
    order.push(m);
  };
  visit(path.resolve(entry));
  const ids = new Map(order.map((m, i) => [m.file, `__dsmarkModule${i}`]));
  const parts = [];
  for (const m of order) {
    const head = m.imports.map((i) => {
      const dep = modules.get(i.file);
      for (const b of i.bindings) {
        if (!dep.exports.includes(b.imported)) throw new Error(`${m.file}: ${i.spec} does not export ${b.imported}`);
      }
      return `const { ${i.bindings.map((b) => (b.local === b.imported ? b.local : `${b.imported}: ${b.local}`)).join(', ')} } = ${ids.get(i.file)};`;
    }).join('\n');
    parts.push(`// ---- ${path.basename(m.file)}\nconst ${ids.get(m.file)} = (() => {\n${head}\n${m.body.trim()}\nreturn { ${m.exports.join(', ')} };\n})();`);
  }
  return `${banner}(() => {\n'use strict';\n${parts.join('\n\n')}\n})();\n`;
}

/** A module exporting `name` as the text of the given CSS files (for Shadow DOM style sheets). */
export function cssModule(name, files) {
  const css = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  return `// Generated from ${files.map((f) => path.basename(f)).join(', ')} by scripts/lib/bundle-classic.mjs.\nexport const ${name} = ${JSON.stringify(css)};\n`;
}
