/** `wavespeed-sdk/ai` is an ES module: from CommonJS, `await import('wavespeed-sdk/ai')`. */
export {};
