/** Wraps an object so that every method call is recorded by name, then passed through. */
export const counting = <T extends object>(target: T): { proxy: T; calls: string[] } => {
  const calls: string[] = [];
  const proxy = new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
  return { proxy, calls };
};
