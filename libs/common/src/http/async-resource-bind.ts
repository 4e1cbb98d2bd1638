import { AsyncResource } from 'node:async_hooks';

type Bind = AsyncResource['bind'];
type Callable = (this: unknown, ...args: unknown[]) => unknown;

/** Node's own, read off the prototype: it is only ever called with an explicit `this`. */
const nodeBind = Object.getOwnPropertyDescriptor(AsyncResource.prototype, 'bind')?.value as Bind;

function boundTo(resource: AsyncResource, fn: Callable, thisArg: unknown): Callable {
  return thisArg === undefined
    ? function (this: unknown, ...args: unknown[]) {
        return resource.runInAsyncScope(fn, this, ...args);
      }
    : (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
}

/**
 * `AsyncResource#bind` as Node defines it, minus the deprecated `asyncResource` accessor (DEP0172).
 *
 * Node 20 and 22 build that accessor with two `deprecate()` wrappers on every call, which costs
 * 6–18 µs; Fastify binds one callback per request body it parses, so every POST paid it, in every
 * service (`docs/benchmarks.md`, CPU per call). What a bound function does is unchanged: it runs
 * in the resource's async context, with the given `this` (or the caller's), the caller's arguments,
 * and it keeps the function's `length`.
 */
function leanBind(this: AsyncResource, fn: Callable, thisArg?: unknown): Callable {
  // Node's own validation and error (ERR_INVALID_ARG_TYPE) for something that is not a function.
  if (typeof fn !== 'function') return Reflect.apply(nodeBind, this, [fn, thisArg]) as Callable;
  const bound = boundTo(this, fn, thisArg);
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
  return bound;
}

/**
 * Installs the lean `bind` for the whole process (idempotent). Called once by `runService`, before
 * Nest or Fastify exist; `AsyncResource.bind(fn)` goes through it too.
 */
export function useLeanAsyncResourceBind(): void {
  AsyncResource.prototype.bind = leanBind as Bind;
}
