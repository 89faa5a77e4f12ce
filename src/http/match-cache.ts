import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";

const MAX_PATHS_PER_METHOD = 2_048;

/**
 * Hono's router behind a per-isolate cache of its answers by method and path. With several
 * hundred routes, and `/v1/rooms/join` beside `/v1/rooms/{id}` (which hono's RegExpRouter
 * refuses), the router falls back to its trie, searched on every request; a client asks for
 * the same few paths again and again. A match depends on nothing but the
 * method and the path, and hono only reads the result, so an answer can be reused as it is.
 */
export class MatchCache<T> implements Router<T> {
  readonly name = "MatchCache";
  private readonly inner: Router<T> = new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] });
  private readonly byMethod = new Map<string, Map<string, Result<T>>>();

  add(method: string, path: string, handler: T): void {
    this.byMethod.clear();
    this.inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    let known = this.byMethod.get(method);
    if (!known) {
      known = new Map();
      this.byMethod.set(method, known);
    }
    let result = known.get(path);
    if (!result) {
      result = this.inner.match(method, path);
      // Paths are the client's to choose: a flood of distinct ones only empties the cache.
      if (known.size >= MAX_PATHS_PER_METHOD) known.clear();
      known.set(path, result);
    }
    return result;
  }
}
