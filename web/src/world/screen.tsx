/**
 * Playing a character: the stats bar, the scrolling log (a live region, styled per category), the
 * room panel (exits as buttons, people, things) and a command line with its history on up/down.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { WorldConnection } from "./connection";
import "./world.css";

const STATUS = { connecting: "Connecting…", open: "Connected", reconnecting: "Reconnecting…", closed: "Disconnected" } as const;
const HISTORY_LIMIT = 100;

export function WorldScreen({ character }: { character: string }) {
  const world = useMemo(() => new WorldConnection(character), [character]);
  useEffect(() => () => world.close(), [world]);
  const status = world.status.value;
  return (
    <section class="world">
      <header class="world-bar">
        <h1>{world.name.value ?? "Text world"}</h1>
        <Stats stats={world.stats.value} />
        <span class={`world-status ${status}`} role="status">
          {STATUS[status]}
          {status === "closed" && world.closeReason.value ? ` (${world.closeReason.value})` : ""}
        </span>
        <a href="/world">Characters</a>
      </header>
      <div class="world-main">
        <Log world={world} />
        <RoomPanel world={world} />
      </div>
      <CommandLine world={world} disabled={status === "closed"} />
    </section>
  );
}

function Stats({ stats }: { stats: Record<string, number | boolean | null> }) {
  if (stats.hp === undefined) return null;
  return (
    <dl class="world-stats" aria-label="Stats">
      <dt>HP</dt>
      <dd data-stat="hp">
        {stats.hp}/{stats.max_hp}
      </dd>
      <dt>AC</dt>
      <dd>{stats.ac}</dd>
      <dt>Level</dt>
      <dd>{stats.level}</dd>
      <dt>XP</dt>
      <dd>
        {stats.xp}
        {stats.xp_next != null ? `/${stats.xp_next}` : ""}
      </dd>
      <dt>Coins</dt>
      <dd>{stats.coins}</dd>
      {stats.in_combat === true && <dd class="world-fighting">Fighting</dd>}
    </dl>
  );
}

function Log({ world }: { world: WorldConnection }) {
  const box = useRef<HTMLDivElement>(null);
  const lines = world.log.value;
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    // role log announces new lines politely.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll it from the keyboard
    <div class="world-log" ref={box} role="log" aria-label="World log" tabIndex={0}>
      <ol>
        {lines.map((l) => (
          <li key={l.id} class={`log-${l.category}`}>
            {l.text}
          </li>
        ))}
      </ol>
    </div>
  );
}

function RoomPanel({ world }: { world: WorldConnection }) {
  const room = world.room.value;
  if (!room) return <aside class="world-room" aria-label="Room" />;
  const me = world.character;
  const people = [
    ...room.characters.filter((c) => c.id !== me).map((c) => (c.status === "normal" ? c.name : `${c.name} (${c.status})`)),
    ...room.npcs.map((n) => (n.fighting ? `${n.name} (fighting)` : n.name)),
  ];
  return (
    <aside class="world-room" aria-label="Room">
      <h2 data-room={room.id}>{room.name}</h2>
      <h3>Exits</h3>
      <ul class="world-exits">
        {room.exits.length === 0 && <li>none</li>}
        {room.exits.map((x) => (
          <li key={x.direction}>
            <button type="button" aria-label={`Go ${x.direction}`} onClick={() => world.command(x.direction)}>
              {x.direction}
              {x.door && x.door !== "open" ? ` (${x.door})` : ""}
            </button>
          </li>
        ))}
      </ul>
      <h3>People</h3>
      <ul>{people.length ? people.map((p) => <li key={p}>{p}</li>) : <li>nobody</li>}</ul>
      <h3>Items</h3>
      <ul>{room.items.length ? room.items.map((i) => <li key={i.id}>{i.name}</li>) : <li>nothing</li>}</ul>
    </aside>
  );
}

function CommandLine({ world, disabled }: { world: WorldConnection; disabled: boolean }) {
  const text = useSignal("");
  const history = useSignal<string[]>([]);
  /** How far back up the history the line is; 0 is the line being typed. */
  const back = useSignal(0);
  const submit = (e: Event) => {
    e.preventDefault();
    const line = text.value.trim();
    if (!line) return;
    world.command(line);
    history.value = [line, ...history.value.filter((h) => h !== line)].slice(0, HISTORY_LIMIT);
    back.value = 0;
    text.value = "";
  };
  const recall = (e: KeyboardEvent) => {
    if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
    e.preventDefault();
    const next = Math.max(0, Math.min(history.value.length, back.value + (e.key === "ArrowUp" ? 1 : -1)));
    back.value = next;
    text.value = next === 0 ? "" : (history.value[next - 1] ?? "");
  };
  return (
    <form class="world-command" onSubmit={submit}>
      <label for="world-command">Command</label>
      <input
        id="world-command"
        value={text.value}
        onInput={(e) => (text.value = e.currentTarget.value)}
        onKeyDown={recall}
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        maxLength={512}
        disabled={disabled}
        // biome-ignore lint/a11y/noAutofocus: the command line is the screen's only input
        autoFocus
      />
      <button type="submit" disabled={disabled}>
        Send
      </button>
    </form>
  );
}
