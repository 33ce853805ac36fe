/**
 * Runs one call of a port or use-case method observed (timed, traced): answers what the call
 * answers and throws what it throws. `operation` names the call, e.g. `tokens.findByHash`.
 */
export type Around = <T>(operation: string, call: () => Promise<T>) => Promise<T>;

/** The given arounds nested, the first outermost; undefined when none is given. */
export const nested = (arounds: ReadonlyArray<Around | undefined>): Around | undefined =>
  arounds.reduceRight<Around | undefined>((inner, outer) => {
    if (outer === undefined) return inner;
    if (inner === undefined) return outer;
    return (operation, call) => outer(operation, () => inner(operation, call));
  }, undefined);

/**
 * The port with each method call run through `around` as `${name}.${method}`; the port itself
 * when there is nothing to observe, so an unobserved process pays nothing. Only the name of the
 * call is handed on, never its arguments.
 */
export const observed = <P extends object>(port: P, name: string, around: Around | undefined): P => {
  if (around === undefined) return port;
  const wrapped = new Map<string, unknown>();
  return new Proxy(port, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      let observedMethod = wrapped.get(key);
      if (observedMethod === undefined) {
        const method = value as (...args: unknown[]) => Promise<unknown>;
        observedMethod = (...args: unknown[]) => around(`${name}.${key}`, () => method.apply(target, args));
        wrapped.set(key, observedMethod);
      }
      return observedMethod;
    },
  });
};
