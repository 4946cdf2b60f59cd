// Sizes are min+gzip with every runtime dependency (ky, p-retry, p-queue, zod) bundled in;
// Node built-ins stay external, as they cost nothing to a user's bundle.
const node = (config) => ({ ...config, platform: 'node' });

module.exports = [
  {
    name: 'client entry (ESM, runtime deps bundled)',
    path: 'dist/index.js',
    limit: '20 KB',
    gzip: true,
    modifyEsbuildConfig: node,
  },
  {
    name: 'testing entry (simulator)',
    path: 'dist/testing/index.js',
    limit: '150 KB',
    gzip: true,
    modifyEsbuildConfig: node,
  },
  {
    name: 'CLI',
    path: 'dist/cli/index.js',
    limit: '200 KB',
    gzip: true,
    modifyEsbuildConfig: node,
  },
];
