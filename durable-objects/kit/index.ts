import { INBOX_MIGRATION } from "./inbox";
import { OUTBOX_MIGRATION } from "./outbox";
import { TIMER_RETRIES_MIGRATION, TIMERS_MIGRATION } from "./timers";

export * from "./faults";
export * from "./frame-limits";
export * from "./identity";
export * from "./inbox";
export * from "./migrations";
export * from "./outbox";
export * from "./revocation";
export * from "./socket-host";
export * from "./sockets";
export * from "./sql-text";
export * from "./timers";

/** Tables every object gets; an object's own migrations start at version 100. */
export const KIT_MIGRATIONS = [TIMERS_MIGRATION, INBOX_MIGRATION, TIMER_RETRIES_MIGRATION, OUTBOX_MIGRATION] as const;
