import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packManifest, packSize } from '../../scripts/pack-size.mjs';

const script = fileURLToPath(new URL('../../scripts/pack-size.mjs', import.meta.url));

describe('scripts/pack-size.mjs', () => {
  it('reports what npm pack would publish', async () => {
    const [size, manifest] = await Promise.all([packSize(), packManifest()]);
    expect(size.files).toBe(manifest.files.length);
    expect(size.packed).toBeGreaterThan(0);
    expect(size.unpacked).toBe(manifest.files.reduce((sum, file) => sum + file.size, 0));
    const paths = manifest.files.map((file) => file.path);
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('package.json');
  });

  it('prints the figures and fails above --max-unpacked', () => {
    const ok = spawnSync(process.execPath, [script, '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const figures = JSON.parse(ok.stdout) as { packed: number; unpacked: number; files: number };
    const over = spawnSync(
      process.execPath,
      [script, '--json', `--max-unpacked=${figures.unpacked - 1}`],
      { encoding: 'utf8' },
    );
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/over the budget/);
    const table = spawnSync(process.execPath, [script, '--top=3'], { encoding: 'utf8' });
    expect(table.stdout).toMatch(/unpacked\s+\d+ bytes/);
    expect(table.stdout.trim().split('\n').slice(-3)).toHaveLength(3);
  });
});
