#!/usr/bin/env node
// Type-checks every ```ts / ```typescript block in README.md and docs/*.md against the BUILT
// package, so a renamed option or a changed return type breaks CI instead of readers.
//
// Each block becomes its own ES module in a scratch project whose node_modules/wavespeed-sdk is a
// link to this repository: `import … from 'wavespeed-sdk'` resolves exactly like it does for a
// user (through package.json `exports` to dist/*.d.ts). Blocks must therefore be complete
// programs (imports included). A block that is deliberately partial can opt out with
// ```ts no-check — keep that rare. Errors are reported as `docs/file.md:LINE`.
//
// It also checks that every relative link (`[text](./other.md#section)`) points to a file that
// exists and, for Markdown targets, to a heading that exists.
//
// Usage: node scripts/check-docs.mjs [--keep] [files...]
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const explicit = args.filter((arg) => !arg.startsWith('--'));

/** README.md plus every Markdown guide under docs/ (the generated reference in docs/api is skipped). */
function markdownFiles() {
  if (explicit.length > 0) return explicit.map((file) => resolve(file));
  const files = [join(root, 'README.md')];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(root, 'docs', 'api')) walk(path);
      } else if (entry.name.endsWith('.md')) {
        files.push(path);
      }
    }
  };
  if (existsSync(join(root, 'docs'))) walk(join(root, 'docs'));
  return files.sort();
}

/**
 * Fenced blocks whose info string starts with ts/typescript. Returns the 1-based line of the first
 * code line so diagnostics can point into the Markdown file.
 */
export function extractBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split(/\r?\n/);
  let open = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (open === null) {
      const match = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/.exec(line);
      if (!match) continue;
      const [, indent, fence, lang, rest] = match;
      open = {
        indent,
        fence,
        lang: lang.toLowerCase(),
        flags: rest.split(/\s+/),
        start: i + 2,
        code: [],
      };
    } else if (line.trim().startsWith(open.fence) && line.trim().replace(/[`~]/g, '') === '') {
      if (['ts', 'typescript'].includes(open.lang)) {
        blocks.push({
          line: open.start,
          code: open.code.join('\n'),
          skip: open.flags.includes('no-check'),
        });
      }
      open = null;
    } else {
      open.code.push(line.startsWith(open.indent) ? line.slice(open.indent.length) : line);
    }
  }
  return blocks;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Anchors of a Markdown file's headings (outside code fences), with GitHub's -1, -2 suffixes. */
function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  let fence = null;
  for (const line of markdown.split(/\r?\n/)) {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      if (fence === null) fence = open[1];
      else if (line.trim().startsWith(fence)) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Relative links whose file or heading does not exist, as "file.md:LINE: message". */
export function brokenLinks(file, markdown) {
  const problems = [];
  let fence = null;
  markdown.split(/\r?\n/).forEach((line, index) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      if (fence === null) fence = open[1];
      else if (line.trim().startsWith(fence)) fence = null;
      return;
    }
    if (fence !== null) return;
    const withoutCode = line.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
      const [path, anchor] = target.split('#');
      const resolved = path === '' ? file : resolve(dirname(file), decodeURI(path));
      const where = `${relative(root, file)}:${index + 1}`;
      if (!existsSync(resolved)) {
        problems.push(`${where}: link to missing file ${target}`);
        continue;
      }
      if (
        anchor &&
        resolved.endsWith('.md') &&
        !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)
      ) {
        problems.push(`${where}: link to missing heading ${target}`);
      }
    }
  });
  return problems;
}

/** Package names a block imports (`zod`, `@scope/pkg`), from static and dynamic imports. */
function importedPackages(code) {
  const names = new Set();
  for (const match of code.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
    const specifier = match[1];
    if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/'))
      continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return names;
}

function scratchProject(packages) {
  const dir = mkdtempSync(join(tmpdir(), 'wavespeed-docs-check-'));
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  // A link, not a copy: the package resolves through its own package.json `exports`, and the
  // types of its dependencies resolve from the repository's node_modules via the real path.
  symlinkSync(root, join(dir, 'node_modules', 'wavespeed-sdk'), 'dir');
  symlinkSync(
    join(root, 'node_modules', '@types', 'node'),
    join(dir, 'node_modules', '@types', 'node'),
    'dir',
  );
  // Other packages the blocks import (vitest in the testing guide, the official `wavespeed` SDK in
  // the migration guide) come from this repository's dev dependencies.
  for (const name of packages) {
    if (name === 'wavespeed-sdk' || !existsSync(join(root, 'node_modules', name))) continue;
    mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ type: 'module', private: true })}\n`,
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          noImplicitOverride: true,
          isolatedModules: true,
          verbatimModuleSyntax: true,
          // Our own .d.ts files are what is being checked; third-party ones are not.
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['blocks/*.ts'],
      },
      null,
      2,
    )}\n`,
  );
  mkdirSync(join(dir, 'blocks'));
  return dir;
}

function typeCheck(sources, skipped) {
  // The blocks are checked against dist/*.d.ts.
  ensureBuilt('check-docs');
  const packages = new Set();
  for (const blocks of sources.values()) {
    for (const block of blocks) for (const name of importedPackages(block.code)) packages.add(name);
  }
  const dir = scratchProject(packages);
  const origin = new Map();
  let index = 0;
  for (const [file, blocks] of sources) {
    const prefix = relative(root, file).replace(/[^A-Za-z0-9]+/g, '_');
    for (const block of blocks) {
      const name = `${prefix}_L${block.line}.ts`;
      // `export {}` keeps a block without imports a module (top-level await, no global clashes).
      writeFileSync(join(dir, 'blocks', name), `${block.code}\nexport {};\n`);
      origin.set(name, { file: relative(root, file), line: block.line });
      index++;
    }
  }

  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'];
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  // Map "blocks/x_L12.ts(3,5): error TS…" back to "docs/x.md:14:5: error TS…".
  const mapped = output.replace(
    /blocks[\\/]([^()\s]+\.ts)\((\d+),(\d+)\)/g,
    (whole, name, line, col) => {
      const where = origin.get(name);
      return where ? `${where.file}:${where.line + Number(line) - 1}:${col}` : whole;
    },
  );
  if (keep) console.log(`check-docs: scratch project kept at ${dir}`);
  else rmSync(dir, { recursive: true, force: true });

  if (result.status !== 0) {
    process.stderr.write(mapped.endsWith('\n') ? mapped : `${mapped}\n`);
    console.error(`check-docs: type errors in the documentation (${index} blocks checked)`);
    return 1;
  }
  console.log(
    `check-docs: ${index} TypeScript blocks in ${sources.size} files type-check` +
      (skipped > 0 ? ` (${skipped} marked no-check)` : ''),
  );
  return 0;
}

function main() {
  const sources = new Map();
  let skipped = 0;
  const files = markdownFiles();
  const links = [];
  for (const file of files) {
    const markdown = readFileSync(file, 'utf8');
    links.push(...brokenLinks(file, markdown));
    const blocks = extractBlocks(markdown);
    const checked = blocks.filter((block) => !block.skip);
    skipped += blocks.length - checked.length;
    if (checked.length > 0) sources.set(file, checked);
  }

  let status = 0;
  if (links.length > 0) {
    for (const problem of links) console.error(problem);
    console.error(`check-docs: ${links.length} broken relative links`);
    status = 1;
  } else {
    console.log(`check-docs: every relative link in ${files.length} files resolves`);
  }
  if (sources.size === 0) console.log('check-docs: no TypeScript blocks to check');
  else if (typeCheck(sources, skipped) !== 0) status = 1;
  return status;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
