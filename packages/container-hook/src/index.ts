// What users install: the core's whole public API, with the built-in backends (local Docker, ACI)
// registered lazily on import. The one `export *` of the workspace, on purpose: this package's surface
// *is* the core's, and listing it twice would let the two drift (index.test.ts checks they match).
import { registerBuiltInBackends } from './built-in-backends.js';

registerBuiltInBackends();

export * from '@container-hook/core';
export { registerBuiltInBackends };
