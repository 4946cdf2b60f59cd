'use strict';
// `require('wavespeed-sdk/bullmq')`: that entry is an ES module (it loads its optional peers,
// bullmq and ioredis, with a top-level await), so CommonJS gets this error, which says what to
// write instead.
throw new Error(
  'wavespeed-sdk/bullmq is an ES module (it loads bullmq and ioredis when imported). From ' +
    "CommonJS, load it with: const { createQueue, createWorker } = await import('wavespeed-sdk/bullmq');",
);
