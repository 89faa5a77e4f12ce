import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema/index";

export type Db = ReturnType<typeof open>;

const open = (d1: D1Database) => drizzle(d1, { schema });

/*
 * One client per D1 binding: building one walks the whole schema (drizzle's relational config),
 * which was the largest single cost of a cached planet read (bench:profile). The binding object
 * lives as long as the isolate's env, so the client goes with it.
 */
const clients = new WeakMap<D1Database, Db>();

export function db(env: Pick<Env, "DB">): Db {
  let client = clients.get(env.DB);
  if (!client) {
    client = open(env.DB);
    clients.set(env.DB, client);
  }
  return client;
}
