'use strict';
// `require('wavespeed-sdk/ai')`: that entry is an ES module (it loads its optional peer,
// @ai-sdk/provider, with a top-level await), so CommonJS gets this error, which says what to
// write instead.
throw new Error(
  'wavespeed-sdk/ai is an ES module (it loads @ai-sdk/provider when imported). From ' +
    "CommonJS, load it with: const { createWaveSpeed, wavespeed } = await import('wavespeed-sdk/ai');",
);
