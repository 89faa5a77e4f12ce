/**
 * What the fleet and trade bots of `npm run chaos` share: a universe of their own, the cluster
 * they run against, and the total stock of their players that each final check compares with
 * the start.
 */
import type { Rng } from "../../src/lib/rng";
import type { Account, Api } from "../lib/http";
import type { Cluster, Tally } from "./cluster";

type Resources = { metal: number; crystal: number; deuterium: number };

/** A player of the universe, by its home planet. */
export interface UniversePlayer {
  account: Account;
  planet: string;
}

export abstract class UniverseBots {
  protected startStock = 0;

  constructor(
    protected readonly api: Api,
    protected readonly universe: string,
    protected readonly rng: Rng,
    protected readonly cluster: Cluster,
    protected readonly tally: Tally,
  ) {}

  protected path(rest: string): string {
    return `/v1/universes/${this.universe}${rest}`;
  }

  /** Metal, crystal and deuterium on the players' home planets, together. */
  protected async totalStock(players: UniversePlayer[]): Promise<number> {
    const stocks = await Promise.all(
      players.map(
        async (p) =>
          (await this.api.request<{ resources: Resources }>("GET", this.path(`/planets/${p.planet}`), undefined, p.account.accessToken))
            .resources,
      ),
    );
    return stocks.reduce((n, r) => n + r.metal + r.crystal + r.deuterium, 0);
  }
}
