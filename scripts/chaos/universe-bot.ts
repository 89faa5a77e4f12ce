/**
 * A player of the chaos universe: queues buildings and research on its homeworld, cancels some,
 * one command at a time, and keeps track of every queue entry it was told about. After each
 * restart (and at the end) `verify` pauses it and checks its planet against what was acknowledged:
 * entries present or accounted for, timers that fell due while the server was down fired, and the
 * resource ledger (ledger.ts) balances.
 */
import type { Rng } from "../../src/lib/rng";
import type { PlanetView, ResearchOverview } from "../../src/universe/engine/index";
import { type Account, type Api, HttpError } from "../lib/http";
import { type Cluster, sleep, type Tally } from "./cluster";
import { type Baseline, baselineOf, buildingLevels, ledgerAssumptionBroken, ledgerDelta, researchLevels } from "./ledger";

/** Buildings and technologies that change neither production nor storage, so the ledger stays linear. */
const BUILDINGS = ["robot_factory", "research_lab", "shipyard"] as const;
const TECHNOLOGIES = ["energy_technology", "computer_technology", "armor_technology"] as const;
/** How long a timer may take to fire after the restart, or after it fell due, whichever is later. */
const TIMER_GRACE_MS = 10_000;

interface Tracked {
  id: string;
  queue: "build" | "research";
  object: string;
  level: number;
  endsAt?: number;
  /** An acknowledged cancel, or one whose answer was lost. */
  cancel?: "acked" | "in_doubt";
  /** When a check first saw it gone from the queue without a notification. */
  missingSince?: number;
  /** Accounted for: by its notification, by a cancel, or by a finding already reported. */
  settled?: "notified" | "cancelled" | "reported";
}

interface Notification {
  id: number;
  kind: string;
  data: { entryId?: string };
}

export class UniverseBot {
  private planetId = "";
  private baseline: Baseline | null = null;
  private readonly entries = new Map<string, Tracked>();
  /** Builds and research whose answer was lost: an entry nobody acknowledged may come from them. */
  private unresolved = 0;
  private lastNotification = 0;
  private readonly notified = new Map<string, number>();
  /** The latest planet and research the server showed (they say what can be afforded now). */
  private planet: PlanetView | null = null;
  private research: ResearchOverview | null = null;
  private pendingCheck: { restartedAt: number; killedAt: number; done: () => void } | null = null;

  constructor(
    private readonly api: Api,
    private readonly account: Account,
    private readonly universe: string,
    private readonly rng: Rng,
    private readonly cluster: Cluster,
    private readonly tally: Tally,
  ) {}

  private get base(): string {
    return `/v1/universes/${this.universe}`;
  }

  private call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
    return this.api.request<T>(method, `${this.base}${path}`, body, this.account.accessToken);
  }

  async join(): Promise<void> {
    const joined = await this.call<{ empire: { planets: { id: string }[] } }>("POST", "/join", {});
    this.planetId = joined.empire.planets[0]?.id ?? "";
    const { planet, research } = await this.snapshot();
    if (planet.buildQueue.length || research.queue.length) throw new Error("a new homeworld has queued entries");
    this.baseline = baselineOf(planet, research);
    this.planet = planet;
    this.research = research;
  }

  /** Asks for a check at the bot's next step; resolves once it ran. */
  check(killedAt: number, restartedAt: number): Promise<void> {
    return new Promise((done) => {
      this.pendingCheck = { killedAt, restartedAt, done };
    });
  }

  async run(): Promise<void> {
    while (!this.cluster.stopping) {
      const check = this.pendingCheck;
      if (check) {
        this.pendingCheck = null;
        await this.verify(check.killedAt, check.restartedAt).catch((e) => this.tally.harness(`universe check: ${String(e)}`));
        check.done();
        continue;
      }
      if (!this.cluster.up) {
        // The check of this restart comes first: no command may store a due completion before it.
        await this.cluster.waitUp();
        continue;
      }
      await this.step();
      await sleep(100 + this.rng.int(0, 300));
    }
  }

  /**
   * One command, chosen at random among those the last views allow (refusals teach nothing). When
   * the stock runs low, cancels (refunds) and new queue entries keep cycling.
   */
  private async step(): Promise<void> {
    const p = `/planets/${this.planetId}`;
    const buildable = (this.planet?.buildings ?? []).filter((b) => b.canBuild && (BUILDINGS as readonly string[]).includes(b.object));
    const researchable = (this.research?.technologies ?? []).filter(
      (t) => t.canResearch && (TECHNOLOGIES as readonly string[]).includes(t.object),
    );
    const buildQueue = this.planet?.buildQueue ?? [];
    const researchQueue = this.research?.queue ?? [];
    const options: [weight: number, run: () => Promise<void>][] = [
      [1, () => this.command("read", () => this.call<PlanetView>("GET", p))],
      [1, () => this.command("read", () => this.call<ResearchOverview>("GET", `/research?planet=${this.planetId}`))],
    ];
    if (buildable.length) {
      const object = this.rng.pick(buildable).object;
      options.push([5, () => this.command("build", () => this.call<PlanetView>("POST", `${p}/buildings/${object}`))]);
    }
    if (buildQueue.length) {
      const entry = this.rng.pick(buildQueue);
      options.push([2, () => this.command("cancel", () => this.call<PlanetView>("DELETE", `${p}/queue/${entry.id}`), entry.id)]);
    }
    if (researchable.length) {
      const tech = this.rng.pick(researchable).object;
      options.push([
        4,
        () => this.command("research", () => this.call<ResearchOverview>("POST", `/research/${tech}`, { planet: this.planetId })),
      ]);
    }
    if (researchQueue.length) {
      const entry = this.rng.pick(researchQueue);
      options.push([1, () => this.command("cancel", () => this.call<ResearchOverview>("DELETE", `/research/queue/${entry.id}`), entry.id)]);
    }
    let roll = this.rng.next() * options.reduce((n, [w]) => n + w, 0);
    for (const [weight, run] of options) {
      roll -= weight;
      if (roll < 0) return run();
    }
  }

  private async command(
    kind: "build" | "research" | "cancel" | "read",
    send: () => Promise<PlanetView | ResearchOverview>,
    target?: string,
  ) {
    let answer: PlanetView | ResearchOverview;
    try {
      answer = await send();
    } catch (e) {
      if (e instanceof HttpError && e.status < 500) {
        this.tally.refuse(`universe_${e.code}`);
        return;
      }
      // No answer: the server died with the command, before or after applying it.
      if (kind === "read") return;
      this.tally.inDoubt++;
      if (kind === "cancel") {
        const t = this.entries.get(target as string);
        if (t && !t.cancel) t.cancel = "in_doubt";
      } else {
        this.unresolved++;
      }
      return;
    }
    if (kind !== "read") this.tally.acknowledged.universe++;
    const queue = "buildQueue" in answer ? answer.buildQueue : answer.queue;
    if (kind === "cancel") {
      const t = this.entries.get(target as string);
      if (t) t.cancel = "acked";
      if (queue.some((e) => e.id === target)) this.tally.find("lost", `cancel of ${target} acknowledged but the entry is still queued`);
    }
    this.learn(queue, "buildQueue" in answer ? "build" : "research", kind === "build" || kind === "research" ? 1 : 0);
    if ("buildQueue" in answer) this.planet = answer;
    else this.research = answer;
  }

  /**
   * Takes in a queue the server showed: entries not seen before are the acknowledged command's
   * (`expected` of them) or an unresolved one's; any more were applied twice.
   */
  private learn(queue: PlanetView["buildQueue"] | ResearchOverview["queue"], kind: Tracked["queue"], expected: number): void {
    let fresh = 0;
    for (const e of queue) {
      const known = this.entries.get(e.id);
      if (known) {
        if (e.endsAt !== undefined) known.endsAt = e.endsAt;
        continue;
      }
      if (this.notified.has(e.id)) continue;
      fresh++;
      if (fresh > expected) {
        if (this.unresolved > 0) this.unresolved--;
        else this.tally.find("duplicated", `${kind} entry ${e.id} (${e.object} ${e.level}) appeared without a command`);
      }
      this.entries.set(e.id, { id: e.id, queue: kind, object: e.object, level: e.level, ...(e.endsAt ? { endsAt: e.endsAt } : {}) });
    }
  }

  /** Research, planet, research again, until both research reads agree: one consistent instant. */
  private async snapshot(): Promise<{ planet: PlanetView; research: ResearchOverview }> {
    for (;;) {
      const before = await this.call<ResearchOverview>("GET", `/research?planet=${this.planetId}`);
      const planet = await this.call<PlanetView>("GET", `/planets/${this.planetId}`);
      const after = await this.call<ResearchOverview>("GET", `/research?planet=${this.planetId}`);
      const key = (r: ResearchOverview) => JSON.stringify([r.queue, researchLevels(r)]);
      if (key(before) === key(after)) return { planet, research: after };
    }
  }

  /** Notifications newer than the last one read, oldest first. */
  private async newNotifications(): Promise<Notification[]> {
    const out: Notification[] = [];
    let before: number | null = null;
    for (;;) {
      const q: string = `/notifications?limit=100${before === null ? "" : `&before=${before}`}`;
      const page = await this.call<{ notifications: Notification[]; nextBefore: number | null }>("GET", q);
      const fresh = page.notifications.filter((n) => n.id > this.lastNotification);
      out.push(...fresh);
      if (fresh.length < page.notifications.length || page.nextBefore === null) break;
      before = page.nextBefore;
    }
    out.sort((a, b) => a.id - b.id);
    if (out.length) this.lastNotification = out[out.length - 1]?.id as number;
    return out;
  }

  /**
   * Checks the planet with commands paused, so only the server's own timers can change it:
   * - every tracked entry is queued, or has its completion (or drop) notification, or was cancelled;
   * - an entry gone from the queue without a notification is waited for: the view already shows it
   *   done (reads bring the empire up to now), but only a fired timer stores it. Not stored within
   *   10 s of the restart (or of falling due) is a late timer; gone without its level is lost;
   * - no entry is notified twice, and no entry appears that no command asked for;
   * - the ledger balances.
   */
  async verify(killedAt: number, restartedAt: number): Promise<void> {
    if (!this.baseline) return;
    let snap: { planet: PlanetView; research: ResearchOverview };
    for (;;) {
      await this.cluster.waitUp();
      snap = await this.snapshot();
      const now = Date.now();
      for (const n of await this.newNotifications()) {
        const id = n.data.entryId;
        if (!id || (n.kind !== "building_complete" && n.kind !== "research_complete" && n.kind !== "queue_entry_removed")) continue;
        const seen = this.notified.get(id) ?? 0;
        if (seen > 0) this.tally.find("duplicated", `entry ${id} notified twice (${n.kind})`);
        this.notified.set(id, seen + 1);
        const t = this.entries.get(id);
        if (!t) {
          if (this.unresolved > 0) this.unresolved--;
          else this.tally.find("duplicated", `notification for ${id}, an entry no command created`);
          continue;
        }
        if (t.settled === "notified" || t.settled === "reported") continue;
        if (t.cancel === "acked" && n.kind !== "queue_entry_removed") {
          this.tally.find("lost", `cancel of ${t.object} ${t.level} (${id}) acknowledged, yet it completed`);
        }
        if (t.endsAt !== undefined && t.endsAt >= killedAt && t.endsAt <= restartedAt) {
          this.tally.timersDueWhileDown++;
          this.tally.slowestTimerMs = Math.max(this.tally.slowestTimerMs, now - restartedAt);
        }
        t.settled = "notified";
      }
      this.learn(snap.planet.buildQueue, "build", 0);
      this.learn(snap.research.queue, "research", 0);
      this.planet = snap.planet;
      this.research = snap.research;
      const queued = new Set([...snap.planet.buildQueue, ...snap.research.queue].map((e) => e.id));
      const levels = { ...buildingLevels(snap.planet), ...researchLevels(snap.research) };
      let waiting = 0;
      for (const t of this.entries.values()) {
        if (t.settled) continue;
        if (queued.has(t.id)) {
          if (t.cancel === "acked") {
            this.tally.find("lost", `cancel of ${t.object} ${t.level} (${t.id}) acknowledged, yet it is queued again`);
            t.settled = "reported";
          }
          continue;
        }
        if (t.cancel) {
          t.settled = "cancelled";
          continue;
        }
        t.missingSince ??= now;
        if (now < Math.max(restartedAt, t.missingSince) + TIMER_GRACE_MS) {
          waiting++;
          continue;
        }
        t.settled = "reported";
        if ((levels[t.object] ?? 0) >= t.level) {
          this.tally.find(
            "lateTimers",
            `${t.object} ${t.level} (${t.id}, due ${t.endsAt ?? "?"}) not stored ${TIMER_GRACE_MS / 1000} s after the restart`,
          );
        } else {
          this.tally.find("lost", `${t.queue} entry ${t.object} ${t.level} (${t.id}) vanished: not queued, not completed, not cancelled`);
        }
      }
      if (waiting === 0) break;
      await sleep(250);
    }
    this.unresolved = 0;
    const broken = ledgerAssumptionBroken(this.baseline, snap.planet);
    if (broken) {
      this.tally.harness(`ledger of ${this.account.username} not applicable: ${broken}`);
      return;
    }
    const { balanced, delta } = ledgerDelta(this.baseline, snap.planet, snap.research);
    if (!balanced) this.tally.find("duplicated", `ledger of ${this.account.username} off by ${JSON.stringify(delta)}`);
  }
}
