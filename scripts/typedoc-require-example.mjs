// TypeDoc plugin: every public symbol must show how it is used. TypeDoc's own `notDocumented`
// validation only asks for *a* comment; this adds "and an @example", reported as a validation
// warning so `treatValidationWarningsAsErrors` fails `npm run docs`.
// It also names the two entry points after their import specifiers instead of "index"/"testing".
import { Application, Converter, ReflectionKind } from 'typedoc';

const ENTRY_NAMES = new Map([
  ['index', 'wavespeed-sdk'],
  ['testing', 'wavespeed-sdk/testing'],
]);

// Top-level exports that need an example: what a user calls. Interfaces and type aliases are data
// shapes whose example lives on the function that takes or returns them, but they still need one
// line of prose (TypeDoc's `notDocumented` checks that) — requiring @example on every option bag
// and union would only produce filler. Likewise an error class that only names a status
// (`ServerError`) needs prose, not an example; the ones worth a catch block carry one.
const NEEDS_EXAMPLE = ReflectionKind.Class | ReflectionKind.Function | ReflectionKind.Variable;

/** @param {import('typedoc').Reflection} reflection */
function isErrorClass(reflection) {
  return reflection.kindOf(ReflectionKind.Class) && reflection.name.endsWith('Error');
}

/** @param {import('typedoc').Reflection} reflection */
function hasExample(reflection) {
  if (reflection.comment?.getTag('@example')) return true;
  const signatures = 'signatures' in reflection ? (reflection.signatures ?? []) : [];
  return signatures.some((signature) => signature.comment?.getTag('@example'));
}

// Protocol hooks the runtime calls for you (`JSON.stringify`, `util.inspect`, template strings):
// documenting what they produce is enough, nobody calls them directly.
const PROTOCOL_HOOKS = new Set(['toJSON', 'toString', 'valueOf']);

/** @param {import('typedoc').Reflection} reflection */
function isPublicMethod(reflection) {
  return (
    reflection.kindOf(ReflectionKind.Method) &&
    !PROTOCOL_HOOKS.has(reflection.name) &&
    !reflection.name.startsWith('[') &&
    !reflection.flags.isPrivate &&
    !reflection.flags.isProtected &&
    !('inheritedFrom' in reflection && reflection.inheritedFrom) &&
    !('overwrites' in reflection && reflection.overwrites)
  );
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const child of context.project.children ?? []) {
      const name = ENTRY_NAMES.get(child.name);
      if (child.kindOf(ReflectionKind.Module) && name) child.name = name;
    }
  });

  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    if (!app.options.getValue('validation').notDocumented) return;
    const missing = [];
    for (const reflection of project.getReflectionsByKind(NEEDS_EXAMPLE)) {
      const topLevel = reflection.parent?.kindOf(
        ReflectionKind.SomeModule | ReflectionKind.Project,
      );
      if (topLevel && !isErrorClass(reflection) && !hasExample(reflection))
        missing.push(reflection);
    }
    for (const reflection of project.getReflectionsByKind(ReflectionKind.Method)) {
      const owner = reflection.parent;
      if (
        owner?.kindOf(ReflectionKind.Class) &&
        isPublicMethod(reflection) &&
        !hasExample(reflection)
      ) {
        missing.push(reflection);
      }
    }
    for (const reflection of missing) {
      app.logger.validationWarning(
        `${reflection.getFriendlyFullName()} (${ReflectionKind[reflection.kind]}) has no @example`,
      );
    }
  });
}
