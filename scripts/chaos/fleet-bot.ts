/**
 * Fleets under `npm run chaos`: players of a universe of their own (stocks above storage capacity,
 * so nothing is produced, and flights of a second) fly transports to each other, one in the air
 * each, across the two shards. A launch carries an `Idempotency-Key` and is retried with it until
 * it gets an answer, so a launch whose answer died with the server is answered, not repeated.
 * The final check waits for every fleet to be home and compares the players' total stock with the
 * start: it must be lower by exactly the fuel of the fleets launched (cargo delivered twice shows
 * as a surplus, cargo lost as a shortfall).
 */
import { type Account, HttpError } from "../lib/http";
import { sleep } from "./cluster";
import { UniverseBots } from "./universe-bots";

/** A universe where everything a small cargo needs takes the 1-second minimum, and flights too. */
export const FLEET_UNIVERSE_SETTINGS = {
  economySpeed: 10_000,
  researchSpeed: 10_000,
  fleetSpeedPeaceful: 10_000,
  shardCount: 2,
  startingResources: { metal: 1e9, crystal: 1e9, deuterium: 1e9 },
};

interface Pilot {
  account: Account;
  planet: string;
  coords: { galaxy: number; system: number; position: number };
}

export class FleetBots extends UniverseBots {
  private pilots: Pilot[] = [];
  /** Fuel of every fleet the server launched, by fleet id (a replayed launch answers the same id). */
  private readonly fuel = new Map<string, number>();
  private flying = true;

  /** Joins and builds one small cargo per pilot (shipyard 2, combustion drive 2), before the kills start. */
  async equip(accounts: Account[]): Promise<void> {
    const retry = async (method: "GET" | "POST", path: string, token: string, body?: unknown) => {
      for (;;) {
        try {
          return await this.api.request<any>(method, path, body, token);
        } catch (e) {
          if (!(e instanceof HttpError) || e.status !== 409) throw e;
          await sleep(500);
        }
      }
    };
    this.pilots = await Promise.all(
      accounts.map(async (account) => {
        const joined = await this.api.request<any>("POST", this.path("/join"), {}, account.accessToken);
        const home = joined.empire.planets[0];
        const t = account.accessToken;
        for (const object of ["research_lab", "robot_factory", "robot_factory", "shipyard", "shipyard"]) {
          await this.api.request("POST", this.path(`/planets/${home.id}/buildings/${object}`), {}, t);
        }
        for (const tech of ["energy_technology", "combustion_drive", "combustion_drive"]) {
          await retry("POST", this.path(`/research/${tech}`), t, { planet: home.id });
        }
        await retry("POST", this.path(`/planets/${home.id}/shipyard`), t, { unit: "small_cargo", count: 1 });
        for (;;) {
          const view = await this.api.request<any>("GET", this.path(`/planets/${home.id}`), undefined, t);
          if ((view.ships?.small_cargo ?? 0) >= 1) break;
          await sleep(500);
        }
        return { account, planet: home.id, coords: home.coords };
      }),
    );
    this.startStock = await this.totalStock(this.pilots);
  }

  /** Keeps one transport per pilot in the air until the run stops. */
  run(): Promise<void> {
    return Promise.all(this.pilots.map((p, i) => this.fly(p, i))).then(() => undefined);
  }

  private async fly(p: Pilot, i: number): Promise<void> {
    let n = 0;
    while (this.flying && !this.cluster.stopping) {
      const others = this.pilots.filter((o) => o !== p);
      const target = others[this.rng.int(0, others.length - 1)];
      if (!target) return;
      const key = `chaos-${i}-${n++}`;
      const answer = await this.launch(p, target, key);
      if (answer === "refused") {
        await sleep(500);
        continue;
      }
      await this.home(p);
    }
  }

  /** Each pilot lands its fleet in flight and launches no more. */
  stop(): void {
    this.flying = false;
  }

  /** Retries with the same key through restarts until the server answers. */
  private async launch(p: Pilot, target: Pilot, key: string): Promise<"launched" | "refused"> {
    const body = {
      from: p.planet,
      to: { ...target.coords, kind: "planet" },
      mission: "transport",
      ships: { small_cargo: 1 },
      cargo: { metal: 1000, crystal: 300, deuterium: 100 },
    };
    for (;;) {
      await this.cluster.waitUp();
      try {
        const res = await fetch(`${this.api.baseUrl}${this.path("/fleets")}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${p.account.accessToken}`, "Idempotency-Key": key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        const answer = (await res.json()) as any;
        if (res.status === 201) {
          this.fuel.set(answer.id, answer.fuel);
          this.tally.acknowledged.universe++;
          return "launched";
        }
        if (res.status >= 400 && res.status < 500) {
          this.tally.refuse(`fleet:${answer?.error?.code ?? res.status}`);
          return "refused";
        }
      } catch {
        // the server died mid-request: ask again with the same key
      }
      await sleep(300);
    }
  }

  /** Waits until the pilot has no fleet in flight. */
  private async home(p: Pilot, timeoutMs = 120_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      await this.cluster.waitUp();
      try {
        const mine = await this.api.request<{ fleets: unknown[] }>("GET", this.path("/fleets"), undefined, p.account.accessToken);
        if (mine.fleets.length === 0) return true;
      } catch {
        // down: try again
      }
      await sleep(250);
    }
    return false;
  }

  /** After the run: every fleet home, and the stock lower than at the start by exactly the fuel burnt. */
  async check(): Promise<{ fleets: number; fuelBurnt: number; stockDelta: number }> {
    for (const p of this.pilots) {
      if (!(await this.home(p))) this.tally.find("lost", `fleet of ${p.account.username} never came home`);
    }
    const fuel = [...this.fuel.values()].reduce((a, b) => a + b, 0);
    const delta = this.startStock - (await this.totalStock(this.pilots));
    if (delta > fuel) this.tally.find("lost", `fleets: ${delta - fuel} resources missing after ${this.fuel.size} transports`);
    if (delta < fuel) this.tally.find("duplicated", `fleets: ${fuel - delta} resources created after ${this.fuel.size} transports`);
    return { fleets: this.fuel.size, fuelBurnt: fuel, stockDelta: delta };
  }
}
