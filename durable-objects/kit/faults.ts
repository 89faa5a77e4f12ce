/**
 * Test-only crash points (docs/universe-cross-shard.md §3). A test arms a named step on a live
 * object; when the object reaches that step it aborts (`ctx.abort()`), as if the machine died
 * there. The armed set lives in memory, so the crash resets it: a fault fires once. Arming is
 * refused unless the Worker runs with `FAULT_INJECTION=true`, which only the test config sets.
 */
export type FaultStep =
  /** Sender: inside the cause's transaction, before it commits (rolls back the cause). */
  | "before_commit"
  /** Sender: the cause and its outbox row committed, nothing delivered yet. */
  | "after_commit"
  /** Receiver: inside `applyOnce`, effect written but not committed (rolls back). */
  | "during_apply"
  /** Receiver: effect and inbox record committed, reply not yet returned to the sender. */
  | "after_apply"
  /** Sender: the receiver's reply arrived, the outbox row is not deleted yet. */
  | "before_ack"
  /** Sender: the outbox row is deleted and the ack applied. */
  | "after_ack";

export function faultInjectionEnabled(env: object): boolean {
  return (env as { FAULT_INJECTION?: string }).FAULT_INJECTION === "true";
}

export class Faults {
  private readonly armed = new Set<FaultStep>();

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly enabled: boolean,
  ) {}

  arm(step: FaultStep): void {
    if (!this.enabled) throw new Error("fault injection is disabled (FAULT_INJECTION is not true)");
    this.armed.add(step);
  }

  /** Steps armed and not reached yet (a test checks its crash really happened). */
  pending(): FaultStep[] {
    return [...this.armed];
  }

  /** Inside a transaction: aborts the object here if a test armed `step`, so the transaction never commits. */
  at(step: FaultStep): void {
    if (!this.armed.delete(step)) return;
    this.crash(step);
  }

  /**
   * After a commit: aborts here if a test armed `step`, once what was committed is durable
   * (an abort before that would also lose the commit, which is not the crash being tested).
   */
  async after(step: FaultStep): Promise<void> {
    if (!this.armed.delete(step)) return;
    await this.ctx.storage.sync();
    this.crash(step);
  }

  private crash(step: FaultStep): never {
    this.ctx.abort(`fault injected at ${step}`);
    // abort() resets the object; throwing as well stops the current call (and rolls back an open transaction).
    throw new Error(`fault injected at ${step}`);
  }
}
