// A synchronous require for Node and Deno that bundlers cannot see.
//
// resvg (a native addon) and linkedom (a DOM for Node) are only needed outside browsers. Loading
// them through this function instead of an import keeps them out of browser bundles of
// backprop/viz: resvg cannot run there, and linkedom would add ~110 kB gzipped for nothing.

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}

/** `require(id)` resolved from this package, or undefined outside Node ≥ 20.16 and Deno. */
export function nodeRequire(id: string): unknown {
  const process = (globalThis as { process?: NodeProcess }).process;
  const module = process?.getBuiltinModule?.('node:module') as
    | { createRequire: (from: string) => (id: string) => unknown }
    | undefined;
  return module?.createRequire(import.meta.url)(id);
}
