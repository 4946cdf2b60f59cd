import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDependencies } from '../../scripts/dependencies.js';

const scratch = mkdtempSync(join(tmpdir(), 'ws-deps-'));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, 'tree-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the dependency rules', () => {
  it('hold for src/: no cycle, no upward import', () => {
    const report = checkDependencies();
    expect(report.modules).toBeGreaterThan(50);
    expect(report.cycles).toEqual([]);
    expect(report.violations).toEqual([]);
  });

  it('catch a type-only cycle and an upward import', () => {
    const report = checkDependencies(
      tree({
        'src/core/a.ts': "import type { B } from '../resources/b.js';\nexport type A = B;\n",
        'src/resources/b.ts': "import type { A } from '../core/a.js';\nexport type B = A;\n",
      }),
    );
    expect(report.cycles).toEqual([['src/core/a.ts', 'src/resources/b.ts']]);
    expect(report.violations).toEqual([
      'src/core/a.ts → src/resources/b.ts: core imports the higher layer resources (type import)',
    ]);
  });

  it('count import() as an edge, and keep integrations and the simulator in their lanes', () => {
    const report = checkDependencies(
      tree({
        'src/client.ts': "export const load = () => import('./resources/x.js');\n",
        'src/resources/x.ts': "export const y = () => import('../client.js');\n",
        'src/ai/provider.ts': "import { http } from '../core/http.js';\nexport const p = http;\n",
        'src/core/http.ts': "import { u } from './util.js';\nexport const http = u;\n",
        'src/core/util.ts': 'export const u = 1;\n',
        'src/core/uses.ts': "import { x } from '../testing/sim.js';\nexport const u = x;\n",
        'src/testing/sim.ts':
          "import { u } from '../core/util.js';\nimport { p } from '../ai/provider.js';\nexport const x = [u, p];\n",
      }),
    );
    expect(report.cycles).toEqual([['src/client.ts', 'src/resources/x.ts']]);
    expect(report.violations).toEqual(
      expect.arrayContaining([
        'src/resources/x.ts → src/client.ts: resources imports the higher layer client (import())',
        'src/ai/provider.ts → src/core/http.ts: integrations use the public client, not core/',
        'src/core/uses.ts → src/testing/sim.ts: only the CLI may use the simulator (import)',
        'src/testing/sim.ts → src/ai/provider.ts: testing may use only types and leaf modules of the SDK',
      ]),
    );
    // core/http.ts imports nothing: a leaf the simulator may share.
    expect(
      report.violations.some((v) => v.startsWith('src/testing/sim.ts → src/core/http.ts')),
    ).toBe(false);
  });
});
