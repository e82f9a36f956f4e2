/**
 * One value per Node process, under `name`, whichever bundle asks.
 * IMPORTANT: Next bundles the API route and every page apart, each with a copy of a module of
 * its own, so a module-level Map is one per bundle: a page render would not see what the API
 * route remembered or forgot.
 */
export function perProcess<T>(name: string, create: () => T): T {
  const shared = globalThis as { [key: symbol]: unknown };
  const key = Symbol.for(`trpc-supabase-app.${name}`);
  shared[key] ??= create();
  return shared[key] as T;
}
