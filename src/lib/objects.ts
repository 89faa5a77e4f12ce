/**
 * Durable Object stubs by name. `idFromName` hashes the name on every call, and the hot paths (the
 * player's shard, the rate limiter, the user's socket object) address the same objects request
 * after request, so each isolate keeps the ids it has worked out. An id is a plain value, unlike
 * a stub, which belongs to the request that made it.
 */
const MAX_IDS_PER_NAMESPACE = 10_000;
const ids = new WeakMap<object, Map<string, DurableObjectId>>();

export function objectByName<T extends Rpc.DurableObjectBranded | undefined>(
  ns: DurableObjectNamespace<T>,
  name: string,
): DurableObjectStub<T> {
  let known = ids.get(ns);
  if (!known) {
    known = new Map();
    ids.set(ns, known);
  }
  let id = known.get(name);
  if (!id) {
    id = ns.idFromName(name);
    if (known.size >= MAX_IDS_PER_NAMESPACE) known.clear();
    known.set(name, id);
  }
  return ns.get(id);
}
