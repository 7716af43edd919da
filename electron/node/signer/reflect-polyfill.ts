/**
 * @peculiar/x509 registers its algorithms with tsyringe, which refuses to load unless a
 * Reflect metadata polyfill exists (it checks `Reflect.getMetadata`). x509 never relies on
 * emitted decorator metadata, so the three functions tsyringe calls are enough; the
 * `reflect-metadata` package is not a dependency. Import this module before '@peculiar/x509'.
 */
type MetadataReflect = typeof Reflect & {
  getMetadata?: (key: unknown, target: object) => unknown;
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
};

const R = Reflect as MetadataReflect;
if (typeof R.getMetadata !== 'function') {
  const store = new WeakMap<object, Map<unknown, unknown>>();
  const own = (key: unknown, target: object) => store.get(target)?.get(key);
  R.getOwnMetadata = own;
  R.getMetadata = (key, target) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const v = own(key, t);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  R.defineMetadata = (key, value, target) => {
    let m = store.get(target);
    if (!m) store.set(target, (m = new Map()));
    m.set(key, value);
  };
}

export {};
