/** One file of the package as `npm pack --json` lists it. */
export interface PackedFile {
  path: string;
  size: number;
  mode: number;
}
/** The package entry `npm pack --dry-run --json` prints (the fields used here). */
export interface PackManifest {
  name: string;
  version: string;
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}
/** Runs `npm pack --dry-run --json` (building dist/ first when stale) and returns its entry. */
export function packManifest(): Promise<PackManifest>;
/** Packed (tarball) and unpacked bytes of the package, and how many files it holds. */
export function packSize(): Promise<{ packed: number; unpacked: number; files: number }>;
