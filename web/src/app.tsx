/** The shell: header with navigation and the connection banner, then the screen the path names. */
import { signal } from "@preact/signals";
import { match, path } from "./router";
import { Account, logOut, SignIn } from "./screens/account";
import { GolfHome } from "./screens/golf/lobby";
import { RoomScreen } from "./screens/golf/room";
import { History, Leaderboard, MyStats } from "./screens/history";
import { Replay } from "./screens/replay";
import { TcgHome } from "./screens/tcg/home";
import { UniverseHome } from "./screens/universe/home";
import { SharedReport } from "./screens/universe/reports";
import { UniverseScreen } from "./screens/universe/screen";
import { WorldHome } from "./world/characters";
import { WorldScreen } from "./world/screen";
import { session } from "./session";
import { reconnecting } from "./sockets/socket";

type Screen = [pattern: string, render: (p: Record<string, string>) => preact.JSX.Element, open?: boolean];

const SCREENS: Screen[] = [
  ["/", () => <Home />],
  ["/account", () => <Account />],
  ["/golf", () => <GolfHome />],
  ["/golf/rooms/:id", (p) => <RoomScreen id={p.id as string} />],
  ["/tcg", () => <TcgHome />],
  ["/tcg/rooms/:id", (p) => <TcgRoom id={p.id as string} />],
  ["/games", () => <History />],
  ["/games/:id", (p) => <Replay gameId={p.id as string} />],
  ["/replays/:code", (p) => <Replay share={p.code as string} />, true],
  ["/reports/:key", (p) => <SharedReport reportKey={p.key as string} />, true],
  ["/stats", () => <MyStats />],
  ["/leaderboards", () => <Leaderboard />, true],
  ["/universe", () => <UniverseHome />],
  ["/universe/:u", (p) => <UniverseScreen u={p.u as string} tab="overview" />],
  ["/universe/:u/:tab", (p) => <UniverseScreen u={p.u as string} tab={p.tab as string} />],
  ["/world", () => <WorldHome />],
  ["/world/:character", (p) => <WorldScreen character={p.character as string} />],
  ["/universe/:u/:tab/:planet", (p) => <UniverseScreen u={p.u as string} tab={p.tab as string} planet={p.planet as string} />],
];

/** The Familiars table carries the card data and the rules: loaded when first needed, not with the page. */
const tcgRoomModule = signal<typeof import("./screens/tcg/room") | null>(null);

function TcgRoom({ id }: { id: string }) {
  const loaded = tcgRoomModule.value;
  if (!loaded) {
    void import("./screens/tcg/room").then((m) => {
      tcgRoomModule.value = m;
    });
    return <p role="status">Loading the table…</p>;
  }
  return <loaded.TcgRoomScreen id={id} />;
}

function Home() {
  return (
    <section class="card">
      <h1>Welcome, {session.value?.user.username}</h1>
      <ul class="tiles">
        <li>
          <a href="/golf">Play Golf</a> — a card game against friends or CPUs
        </li>
        <li>
          <a href="/universe">Run an empire</a> — mines, research and fleets in a persistent universe
        </li>
        <li>
          <a href="/games">Your games</a> — history and replays
        </li>
      </ul>
    </section>
  );
}

export function App() {
  const current = path.value;
  const found = SCREENS.map(([pattern, render, open]) => ({ params: match(pattern, current), render, open })).find((s) => s.params);
  const signedIn = session.value !== null;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <a class="brand" href="/">
          orrery
        </a>
        {signedIn && (
          <nav aria-label="Main">
            <a href="/golf">Golf</a>
            <a href="/tcg">Familiars</a>
            <a href="/games">History</a>
            <a href="/stats">Stats</a>
            <a href="/leaderboards">Leaderboards</a>
            <a href="/universe">Universe</a>
            <a href="/world">World</a>
            <a href="/account">Account</a>
            <button type="button" class="link" onClick={() => void logOut()}>
              Log out
            </button>
          </nav>
        )}
      </header>
      {reconnecting.value > 0 && (
        <p class="banner" role="status">
          Reconnecting…
        </p>
      )}
      <main id="main">
        {!signedIn && !found?.open ? (
          <SignIn />
        ) : found ? (
          found.render(found.params ?? {})
        ) : (
          <p>
            Nothing here. <a href="/">Home</a>
          </p>
        )}
      </main>
      <footer>
        <a href="/docs">API reference</a> · <a href="/openapi.json">OpenAPI</a>
      </footer>
    </>
  );
}
