/**
 * `npm run deps`: the import graph of `src/` against the layer rules of docs/architecture.md.
 *
 * Layers, from the bottom: core → models → resources → batch → client (client.ts, index.ts,
 * peer.ts) → integrations (ai/, bullmq/) → cli/. A module imports its own layer or lower ones
 * only; integrations use the client layer (and SDK modules that import nothing, such as
 * models/model-id.ts), never the inner workings of core/, models/ or resources/.
 * `testing/` stands beside them: it imports its own files, modules of the SDK that import
 * nothing themselves (leaves such as models/model-id.ts), and types; of the SDK only the CLI may
 * import it. No cycles at all — type-only imports and `import()` count like any other edge.
 *
 * Exits 1 when a rule is broken.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One import of a module: where it points, and whether only types come through it. */
export interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
  dynamic: boolean;
}

/** What {@link checkDependencies} found. */
export interface DependencyReport {
  modules: number;
  imports: number;
  cycles: string[][];
  violations: string[];
}

const LAYERS: ReadonlyArray<[name: string, test: RegExp]> = [
  ['core', /^src\/core\//],
  ['models', /^src\/models\//],
  ['resources', /^src\/resources\//],
  ['batch', /^src\/batch\//],
  ['client', /^src\/(client|index|peer)\.ts$/],
  ['integrations', /^src\/(ai|bullmq)\//],
  ['cli', /^src\/cli\//],
];

function layerOf(file: string): { name: string; rank: number } | undefined {
  const index = LAYERS.findIndex(([, test]) => test.test(file));
  const layer = LAYERS[index];
  return layer === undefined ? undefined : { name: layer[0], rank: index };
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|json)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The file a relative specifier names (`./x.js` → `x.ts`), or undefined for packages. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = specifier.endsWith('.json')
    ? [base]
    : [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

/** Every import of one TypeScript file: static, re-exports, type-only and `import()`. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean): void => {
    const to = resolveSpecifier(file, specifier);
    if (to !== undefined) edges.push({ from: file, to, typeOnly, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((element) => element.isTypeOnly)));
      add(node.moduleSpecifier.text, allTypes, false);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause;
      const allTypes =
        node.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.every((element) => element.isTypeOnly));
      add(node.moduleSpecifier.text, allTypes, false);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false, true);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal.text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Cycles of the graph (Tarjan's strongly connected components of two or more, and self-loops). */
function cyclesOf(nodes: readonly string[], edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const node of nodes) next.set(node, []);
  for (const edge of edges) next.get(edge.from)?.push(edge.to);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    const selfLoop = (next.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) found.push(component.sort());
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return found;
}

/**
 * Reads the import graph of `src/` and checks it against the layer rules.
 *
 * @example
 * ```ts
 * const { cycles, violations } = checkDependencies();
 * ```
 */
export function checkDependencies(root = ROOT): DependencyReport {
  const files = sourceFiles(join(root, 'src'));
  const rel = (file: string): string => relative(root, file).split('\\').join('/');
  const edges = files.filter((file) => file.endsWith('.ts')).flatMap(importsOf);
  const importers = new Map<string, number>();
  for (const edge of edges) importers.set(edge.from, (importers.get(edge.from) ?? 0) + 1);
  const isLeaf = (file: string): boolean => (importers.get(file) ?? 0) === 0;
  const violations: string[] = [];
  for (const edge of edges) {
    const from = rel(edge.from);
    const to = rel(edge.to);
    const kind = edge.typeOnly ? 'type import' : edge.dynamic ? 'import()' : 'import';
    if (!to.startsWith('src/')) {
      // Data outside src/ (package.json for the version) is fine; code is not.
      if (!to.endsWith('.json')) violations.push(`${from} → ${to}: code outside src/ (${kind})`);
      continue;
    }
    const fromTesting = from.startsWith('src/testing/');
    const toTesting = to.startsWith('src/testing/');
    if (fromTesting) {
      if (!toTesting && !edge.typeOnly && !isLeaf(edge.to)) {
        violations.push(`${from} → ${to}: testing may use only types and leaf modules of the SDK`);
      }
      continue;
    }
    if (toTesting) {
      if (!from.startsWith('src/cli/')) {
        violations.push(`${from} → ${to}: only the CLI may use the simulator (${kind})`);
      }
      continue;
    }
    const a = layerOf(from);
    const b = layerOf(to);
    if (a === undefined || b === undefined) {
      violations.push(`${from} → ${to}: a module outside every layer (${kind})`);
      continue;
    }
    if (b.rank > a.rank) {
      violations.push(`${from} → ${to}: ${a.name} imports the higher layer ${b.name} (${kind})`);
    } else if (
      a.name === 'integrations' &&
      ['core', 'models', 'resources'].includes(b.name) &&
      !edge.typeOnly &&
      !isLeaf(edge.to)
    ) {
      violations.push(`${from} → ${to}: integrations use the public client, not ${b.name}/`);
    }
  }
  const cycles = cyclesOf(files, edges).map((cycle) => cycle.map(rel));
  return { modules: files.length, imports: edges.length, cycles, violations };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = checkDependencies();
  process.stdout.write(
    `dependency rules: ${report.modules} modules, ${report.imports} imports, ` +
      `${report.cycles.length} cycles, ${report.violations.length} upward or forbidden imports\n`,
  );
  for (const cycle of report.cycles) process.stdout.write(`  cycle: ${cycle.join(' ↔ ')}\n`);
  for (const violation of report.violations) process.stdout.write(`  ${violation}\n`);
  process.exitCode = report.cycles.length + report.violations.length > 0 ? 1 : 0;
}
