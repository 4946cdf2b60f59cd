import { defineConfig } from 'vitest/config';

// Its own config so the repository's unit-test settings (and `npm test`) stay separate from this
// example; in your project the tests would simply sit next to your other tests.
// biome-ignore lint/style/noDefaultExport: vitest reads its config from the default export.
export default defineConfig({
  test: {
    include: ['*.test.ts'],
    testTimeout: 20_000,
  },
});
