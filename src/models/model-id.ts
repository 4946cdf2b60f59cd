// The one rule for what a model id looks like, used by the client, the CLI, the catalog and the
// simulator. This module imports nothing, so the simulator may use it too.

/** A path segment of a model id: no whitespace, and nothing that changes the URL it goes into. */
const SEGMENT = /^[^\s/?#%\\]+$/;

/**
 * The problems with a model id, as validation issues (`[]` when it is fine). A model id is a
 * path of two or more segments (`wavespeed-ai/flux-dev`, `wavespeed-ai/z-image/turbo`) that goes
 * into the submit URL as-is, so empty segments, `.`/`..`, whitespace, `?`, `#`, `%` and `\` are
 * refused before any request.
 */
export function modelIdIssues(model: unknown, path = 'model'): { path: string; message: string }[] {
  if (typeof model !== 'string' || model.trim() === '') {
    return [{ path, message: 'the model id is empty; pass e.g. "wavespeed-ai/flux-dev"' }];
  }
  const segments = model.split('/');
  const valid =
    segments.length >= 2 &&
    segments.every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..');
  if (valid) return [];
  return [
    {
      path,
      message: `"${model}" is not a model id; ids look like "owner/model", e.g. "wavespeed-ai/flux-dev"`,
    },
  ];
}
