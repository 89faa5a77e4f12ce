/**
 * Writes other features attach to account creation. They go into the same D1 batch as the user row,
 * so an account never exists without them; features register here (src/app.ts) so that auth needs
 * no import of any of them.
 */
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";

export type AccountCreatedWrites = (d: Db, userId: string) => BatchItem<"sqlite">[];

const hooks = new Set<AccountCreatedWrites>();

/** Registering the same function twice adds it once. */
export function onAccountCreated(writes: AccountCreatedWrites): void {
  hooks.add(writes);
}

export function accountCreatedWrites(d: Db, userId: string): BatchItem<"sqlite">[] {
  return [...hooks].flatMap((writes) => writes(d, userId));
}
