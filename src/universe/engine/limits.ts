/** Entries per planet building queue (upgrades and demolitions together). */
export const BUILD_QUEUE_LIMIT = 5;
/** Entries in a player's research queue. */
export const RESEARCH_QUEUE_LIMIT = 5;
/**
 * Highest level of any building or research. Classic OGame has no cap; this one keeps every
 * price below 2^53 for the cheaper objects and bounds the calculator endpoints.
 */
export const MAX_LEVEL = 99;
/**
 * Units in one shipyard batch. The queue itself is unlimited (§2); this keeps a batch's price and
 * end time exact in doubles for every unit type.
 */
export const MAX_UNIT_BATCH = 1_000_000;
