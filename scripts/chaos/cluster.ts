/**
 * What every client of `npm run chaos` shares: whether the server is up (clients wait for it instead
 * of hammering a dead port), and the tally of what the checks found.
 */
export class Cluster {
  /** Number of restarts so far. */
  epoch = 0;
  up = false;
  /** When the server last came back (ms epoch). */
  restartedAt = 0;
  /** Set when the run is over: clients stop at their next step. */
  stopping = false;
  private waiters: (() => void)[] = [];

  markDown(): void {
    this.up = false;
  }

  markUp(): void {
    this.up = true;
    this.restartedAt = Date.now();
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once the server is up (at once when it is). */
  waitUp(): Promise<void> {
    if (this.up) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export interface Finding {
  /** Which restart it was found after (0: before the first kill or at the end). */
  afterKill: number;
  what: string;
}

/** Everything the checks count; the report prints it. */
export class Tally {
  readonly acknowledged = { universe: 0, rooms: 0, matchmaking: 0 };
  /** Commands whose answer was lost with the server: applied or not, the checks accept both. */
  inDoubt = 0;
  readonly refused = new Map<string, number>();
  readonly lost: Finding[] = [];
  readonly duplicated: Finding[] = [];
  readonly lateTimers: Finding[] = [];
  readonly replayMismatches: Finding[] = [];
  /** Things that kept a check from running (the run fails: an unchecked run proves nothing). */
  readonly harnessErrors: string[] = [];
  timersDueWhileDown = 0;
  /** Slowest time from a restart to a due timer's effect being stored, in ms. */
  slowestTimerMs = 0;
  reconnects = 0;
  resumes = 0;
  gamesVerified = 0;
  kills = 0;

  refuse(code: string): void {
    this.refused.set(code, (this.refused.get(code) ?? 0) + 1);
  }

  find(list: "lost" | "duplicated" | "lateTimers" | "replayMismatches", what: string): void {
    this[list].push({ afterKill: this.kills, what });
  }

  harness(what: string): void {
    if (this.harnessErrors.length < 50) this.harnessErrors.push(what);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
