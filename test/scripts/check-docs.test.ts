import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The docs checker is what keeps README/docs code honest, so prove it actually fails on a wrong
// block and a broken link, and points at the Markdown line.
const script = fileURLToPath(new URL('../../scripts/check-docs.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'check-docs-test-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function check(name: string, markdown: string): { status: number | null; output: string } {
  const file = join(dir, name);
  writeFileSync(file, markdown);
  const result = spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const fence = '```';

describe('scripts/check-docs.mjs', () => {
  it('accepts blocks that type-check against the built package and skips no-check blocks', () => {
    const { status, output } = check(
      'good.md',
      [
        '# Good',
        '',
        `${fence}ts`,
        "import { WaveSpeedClient } from 'wavespeed-sdk';",
        'const client = new WaveSpeedClient({ apiKey: "wsk_test_0" });',
        "const outputs: string[] = await client.run('wavespeed-ai/flux-dev', { prompt: 'A cat' });",
        'console.log(outputs);',
        fence,
        '',
        `${fence}ts no-check`,
        'this is( not TypeScript',
        fence,
        '',
        'See [the heading](#good).',
      ].join('\n'),
    );
    expect(output).toContain('1 TypeScript blocks in 1 files type-check (1 marked no-check)');
    expect(status).toBe(0);
  });

  it('reports a wrong block at its Markdown line, and broken links', () => {
    const { status, output } = check(
      'bad.md',
      [
        '# Bad',
        '',
        'Intro [missing](./nowhere.md) and [anchor](#no-such-heading).',
        '',
        `${fence}typescript`,
        "import { WaveSpeedClient } from 'wavespeed-sdk';",
        'const client = new WaveSpeedClient();',
        "const outputs: number = await client.run('wavespeed-ai/flux-dev', { prompt: 'A cat' });",
        fence,
      ].join('\n'),
    );
    expect(status).toBe(1);
    expect(output).toMatch(/bad\.md:8:\d+: error TS2322/);
    expect(output).toContain('bad.md:3: link to missing file ./nowhere.md');
    expect(output).toContain('bad.md:3: link to missing heading #no-such-heading');
  });
});
