/**
 * Trades under `npm run chaos`, beside the fleet pilots in their universe (stocks above storage
 * capacity, so nothing is produced; no market fee): traders of their own open offers, accept each
 * other's and cancel their own, across the two shards and the market objects. An offer or accept
 * carries an `Idempotency-Key` and is retried with it until it gets an answer, so one whose answer
 * died with the server is answered, not repeated. The final check cancels every offer still open
 * (escrow goes home), waits for the traders' total stock to settle and compares it with the start:
 * without a fee every trade only moves resources, so the total must be unchanged (a lot delivered
 * twice shows as a surplus, escrow or a payment lost as a shortfall).
 */
import type { Account } from "../lib/http";
import { sleep } from "./cluster";
import { UniverseBots } from "./universe-bots";

/** Two lots of equal worth at the default guidance (3 metal : 2 crystal), so every price is inside the band. */
const LOTS = [
  { offered: { resource: "metal", amount: 3000 }, requested: { resource: "crystal", amount: 2000 } },
  { offered: { resource: "crystal", amount: 2000 }, requested: { resource: "metal", amount: 3000 } },
];

interface Trader {
  account: Account;
  planet: string;
}

export class TradeBots extends UniverseBots {
  private traders: Trader[] = [];
  /** Offers the server opened, with their seller. */
  private readonly offers: { id: string; seller: Trader }[] = [];
  private readonly count = { offers: 0, accepted: 0, cancelled: 0 };
  private trading = true;

  async join(accounts: Account[]): Promise<void> {
    this.traders = await Promise.all(
      accounts.map(async (account) => {
        const joined = await this.api.request<any>("POST", this.path("/join"), {}, account.accessToken);
        return { account, planet: joined.empire.planets[0].id as string };
      }),
    );
    this.startStock = await this.totalStock(this.traders);
  }

  run(): Promise<void> {
    return Promise.all(this.traders.map((t, i) => this.trade(t, i))).then(() => undefined);
  }

  stop(): void {
    this.trading = false;
  }

  private async trade(t: Trader, i: number): Promise<void> {
    let n = 0;
    while (this.trading && !this.cluster.stopping) {
      const key = `chaos-trade-${i}-${n++}`;
      const roll = this.rng.next();
      const theirs = this.offers.filter((o) => o.seller !== t);
      const mine = this.offers.filter((o) => o.seller === t);
      if (roll < 0.45 && theirs.length > 0) {
        const o = theirs[this.rng.int(0, theirs.length - 1)]!;
        const res = await this.send("POST", `/market/offers/${o.id}/accept`, t, { planet: t.planet }, key);
        if (res.status === 200) this.count.accepted++;
      } else if (roll < 0.6 && mine.length > 0) {
        const o = mine[this.rng.int(0, mine.length - 1)]!;
        const res = await this.send("DELETE", `/market/offers/${o.id}`, t);
        if (res.status === 200) this.count.cancelled++;
      } else {
        const lot = LOTS[this.rng.int(0, LOTS.length - 1)]!;
        const res = await this.send("POST", "/market/offers", t, { planet: t.planet, ...lot }, key);
        if (res.status === 201) {
          this.offers.push({ id: res.body.id, seller: t });
          this.count.offers++;
        }
      }
      await sleep(this.rng.int(50, 300));
    }
  }

  /** Retries through restarts (with the same key, when there is one) until the server answers; refusals are tallied. */
  private async send(
    method: "POST" | "DELETE",
    rest: string,
    t: Trader,
    body?: unknown,
    key?: string,
  ): Promise<{ status: number; body: any }> {
    for (;;) {
      await this.cluster.waitUp();
      try {
        const res = await fetch(`${this.api.baseUrl}${this.path(rest)}`, {
          method,
          headers: {
            "Content-Type": "application/json",
            Authorization: `Bearer ${t.account.accessToken}`,
            ...(key ? { "Idempotency-Key": key } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(20_000),
        });
        const answer = (await res.json()) as any;
        if (res.status < 300) this.tally.acknowledged.universe++;
        else if (res.status < 500) this.tally.refuse(`market:${answer?.error?.code ?? res.status}`);
        if (res.status < 500) return { status: res.status, body: answer };
      } catch {
        // the server died mid-request: ask again
      }
      await sleep(300);
    }
  }

  /** After the run: every offer still open cancelled, then the traders' total stock back at the start. */
  async check(timeoutMs = 60_000): Promise<{ offers: number; accepted: number; cancelled: number; stockDelta: number }> {
    for (const o of this.offers) {
      const res = await this.send("DELETE", `/market/offers/${o.id}`, o.seller);
      if (res.status === 200) this.count.cancelled++;
    }
    // Refunds and payments travel as effects: wait for the total to come back (or stop changing).
    const end = Date.now() + timeoutMs;
    let delta = this.startStock - (await this.totalStock(this.traders));
    while (delta !== 0 && Date.now() < end) {
      await sleep(500);
      delta = this.startStock - (await this.totalStock(this.traders));
    }
    if (delta > 0) this.tally.find("lost", `market: ${delta} resources missing after ${this.count.offers} offers`);
    if (delta < 0) this.tally.find("duplicated", `market: ${-delta} resources created after ${this.count.offers} offers`);
    return { ...this.count, stockDelta: delta };
  }
}
