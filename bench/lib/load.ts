import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sdk from '../../src/index.js';
import type * as Testing from '../../src/testing/index.js';
import { DIST } from './paths.js';

/** The public API of `wavespeed-sdk`, as built in dist/. */
export type SdkModule = typeof Sdk;
/** The public API of `wavespeed-sdk/testing`, as built in dist/. */
export type TestingModule = typeof Testing;

/**
 * Imports the built client entry (the snapshot of dist/index.js), typed by its sources.
 *
 * @example
 * ```ts
 * const { WaveSpeedClient } = await loadSdk();
 * ```
 */
export async function loadSdk(): Promise<SdkModule> {
  return (await import(pathToFileURL(join(DIST, 'index.js')).href)) as SdkModule;
}

/**
 * Imports the built simulator entry (the snapshot of dist/testing/index.js), typed by its sources.
 *
 * @example
 * ```ts
 * const { createSimulator } = await loadTesting();
 * ```
 */
export async function loadTesting(): Promise<TestingModule> {
  return (await import(pathToFileURL(join(DIST, 'testing', 'index.js')).href)) as TestingModule;
}
