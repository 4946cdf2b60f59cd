/** `wavespeed-sdk/bullmq` is an ES module: from CommonJS, `await import('wavespeed-sdk/bullmq')`. */
export {};
