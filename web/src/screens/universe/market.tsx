/**
 * The market (§13): the guidance (ratio, price band, fee, what each pair fetched recently), the
 * open offers with a filter and pages (accept, or cancel one's own), a form to offer one resource
 * for another from a planet, and the trade history (all, or one's own).
 */
import { useSignal } from "@preact/signals";
import { ok } from "../../api/client";
import { api } from "../../session";
import type { UniverseConnection } from "../../sockets/universe";
import { Action, ErrorLine, useLoad } from "../../ui/async";
import { when, whole } from "../../ui/clock";

const RESOURCES = ["metal", "crystal", "deuterium"] as const;
type Resource = (typeof RESOURCES)[number];
type Lot = { resource: Resource; amount: number };
const lot = (l: Lot): string => `${whole(l.amount)} ${l.resource}`;

export function Market({ conn }: { conn: UniverseConnection }) {
  const u = conn.universeId;
  const me = conn.empire.value?.playerId;
  const planets = conn.empire.value?.planets ?? [];
  const planet = useSignal<string | null>(null);
  const from = planet.value ?? planets[0]?.id ?? "";
  const offered = useSignal<Resource | "">("");
  const requested = useSignal<Resource | "">("");
  const cursors = useSignal<(string | undefined)[]>([undefined]);
  const mine = useSignal(false);
  const guidance = useLoad(() => ok(api.v1.universes[":u"].market.guidance.$get({ param: { u } })));
  const offers = useLoad(() => {
    void conn.tick.value;
    const query = {
      limit: "10",
      ...(offered.value ? { offered: offered.value } : {}),
      ...(requested.value ? { requested: requested.value } : {}),
      ...(cursors.value.at(-1) ? { cursor: cursors.value.at(-1) } : {}),
    };
    return ok(api.v1.universes[":u"].market.offers.$get({ param: { u }, query }));
  });
  const history = useLoad(() => {
    void conn.tick.value;
    return ok(
      api.v1.universes[":u"].market.history.$get({ param: { u }, query: { limit: "10", ...(mine.value ? { mine: "true" } : {}) } }),
    );
  });
  const refresh = async () => {
    await Promise.all([offers.reload(), history.reload(), guidance.reload()]);
  };
  const g = guidance.data.value;
  const page = offers.data.value;
  const filter = (label: string, value: Resource | "", set: (v: Resource | "") => void) => (
    <label>
      {label}
      <select
        value={value}
        onChange={(e) => {
          set(e.currentTarget.value as Resource | "");
          cursors.value = [undefined];
        }}
      >
        <option value="">any</option>
        {RESOURCES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div class="stack">
      <section class="card" aria-labelledby="guidance-title">
        <h1 id="guidance-title">Market</h1>
        <ErrorLine error={guidance.error} />
        {g && (
          <>
            <p>
              Guidance ratio {RESOURCES.map((r) => g.ratio[r]).join(" : ")} (metal : crystal : deuterium); prices may lie from {g.band.min}×
              to {g.band.max}× the guidance; fee {Math.round(g.feeRate * 100)} % of the price.
            </p>
            <table>
              <caption>Prices per unit (last {g.windowHours} h)</caption>
              <thead>
                <tr>
                  <th scope="col">Pair</th>
                  <th scope="col">Guidance</th>
                  <th scope="col">Allowed</th>
                  <th scope="col">Recent average</th>
                  <th scope="col">Trades</th>
                </tr>
              </thead>
              <tbody>
                {g.pairs.map((p) => (
                  <tr key={`${p.offered}-${p.requested}`}>
                    <th scope="row">
                      {p.offered} → {p.requested}
                    </th>
                    <td>{round(p.guidance)}</td>
                    <td>
                      {round(p.min)}–{round(p.max)}
                    </td>
                    <td>{p.recent.average === null ? "—" : round(p.recent.average)}</td>
                    <td>{p.recent.trades}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <CreateOffer
        u={u}
        planet={from}
        planets={planets}
        choosePlanet={(p) => (planet.value = p)}
        guidance={(a, b) => g?.pairs.find((p) => p.offered === a && p.requested === b)?.guidance ?? null}
        created={refresh}
      />

      <section class="card" aria-labelledby="offers-title">
        <h2 id="offers-title">Open offers</h2>
        <div class="row">
          {filter("Offered", offered.value, (v) => (offered.value = v))}
          {filter("Requested", requested.value, (v) => (requested.value = v))}
        </div>
        <ErrorLine error={offers.error} />
        {page && page.offers.length === 0 && <p>No open offers.</p>}
        <ul class="fleets">
          {page?.offers.map((o) => (
            <li key={o.id} data-offer={o.id}>
              <strong>{lot(o.offered)}</strong> for <strong>{lot(o.requested)}</strong> · {o.sellerName} · {when(o.createdAt)}{" "}
              {o.sellerId === me ? (
                <Action
                  label={`Cancel the offer of ${lot(o.offered)}`}
                  run={() => ok(api.v1.universes[":u"].market.offers[":id"].$delete({ param: { u, id: o.id } })).then(refresh)}
                >
                  Cancel
                </Action>
              ) : (
                <Action
                  label={`Buy ${lot(o.offered)} for ${lot(o.requested)}`}
                  run={() =>
                    ok(
                      api.v1.universes[":u"].market.offers[":id"].accept.$post({
                        param: { u, id: o.id },
                        header: {},
                        json: { planet: from },
                      }),
                    ).then(refresh)
                  }
                >
                  Buy
                </Action>
              )}
            </li>
          ))}
        </ul>
        <div class="row">
          <button type="button" disabled={cursors.value.length < 2} onClick={() => (cursors.value = cursors.value.slice(0, -1))}>
            Previous page
          </button>
          <button
            type="button"
            disabled={!page?.nextCursor}
            onClick={() => {
              if (page?.nextCursor) cursors.value = [...cursors.value, page.nextCursor];
            }}
          >
            Next page
          </button>
        </div>
      </section>

      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">Trade history</h2>
        <label class="check">
          <input type="checkbox" checked={mine.value} onChange={(e) => (mine.value = e.currentTarget.checked)} />
          Only my trades
        </label>
        <ErrorLine error={history.error} />
        {history.data.value?.trades.length === 0 && <p>No trades yet.</p>}
        <ul class="fleets">
          {history.data.value?.trades.map((t) => (
            <li key={t.offerId}>
              {lot(t.offered)} for {lot(t.requested)}
              {t.fee > 0 && ` (fee ${whole(t.fee)})`} · {t.sellerId === me ? "you sold" : t.buyerId === me ? "you bought" : ""} {when(t.at)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

const round = (n: number): string => String(Math.round(n * 1000) / 1000);

function CreateOffer(props: {
  u: string;
  planet: string;
  planets: { id: string; name: string }[];
  choosePlanet: (id: string) => void;
  guidance: (offered: Resource, requested: Resource) => number | null;
  created: () => Promise<void>;
}) {
  const offered = useSignal<Lot>({ resource: "metal", amount: 3000 });
  const requested = useSignal<Lot>({ resource: "crystal", amount: 2000 });
  const done = useSignal<string | null>(null);
  const fair = props.guidance(offered.value.resource, requested.value.resource);
  const side = (title: string, l: Lot, set: (l: Lot) => void) => (
    <>
      <label>
        {title} resource
        <select value={l.resource} onChange={(e) => set({ ...l, resource: e.currentTarget.value as Resource })}>
          {RESOURCES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        {title} amount
        <input type="number" min={1} value={l.amount} onInput={(e) => set({ ...l, amount: Number(e.currentTarget.value) })} />
      </label>
    </>
  );
  return (
    <section class="card" aria-labelledby="offer-title">
      <h2 id="offer-title">Make an offer</h2>
      <div class="grid">
        {props.planets.length > 1 && (
          <label>
            Planet
            <select value={props.planet} onChange={(e) => props.choosePlanet(e.currentTarget.value)}>
              {props.planets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {side("Offered", offered.value, (l) => (offered.value = l))}
        {side("Requested", requested.value, (l) => (requested.value = l))}
      </div>
      {fair !== null && (
        <p>
          At the guidance, {lot(offered.value)} fetches {whole(offered.value.amount * fair)} {requested.value.resource}.{" "}
          <button
            type="button"
            onClick={() => (requested.value = { ...requested.value, amount: Math.max(1, Math.floor(offered.value.amount * fair)) })}
          >
            Ask the guidance price
          </button>
        </p>
      )}
      <Action
        run={async () => {
          done.value = null;
          const o = await ok(
            api.v1.universes[":u"].market.offers.$post({
              param: { u: props.u },
              header: {},
              json: { planet: props.planet, offered: offered.value, requested: requested.value },
            }),
          );
          done.value = `Offered ${lot(o.offered)} for ${lot(o.requested)}.`;
          await props.created();
        }}
      >
        Offer
      </Action>
      {done.value && <p role="status">{done.value}</p>}
    </section>
  );
}
