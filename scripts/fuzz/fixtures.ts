/** The real values behind a request's placeholders (see requests.ts). Pure. */
import type { SocketKind } from "./frames";
import type { FuzzRequest, Role } from "./requests";
import type { HttpOutcome } from "./verdict";

export interface Fixtures {
  /** Access tokens per role (the anonymous role has none). */
  tokens: Partial<Record<Role, string>>;
  /** Each role's current session id. */
  sessions: Partial<Record<Role, string>>;
  universe: string;
  /** The player's homeworld. */
  planet: string;
  /** A room the player created. */
  room: string;
  /** A recorded game the player played (or a made-up id when there is none). */
  game: string;
  /** A share code of that game. */
  share: string;
  /** The other player's user id (whose stats anyone may read). */
  otherUser: string;
  /** An account the admin bans and unbans (never one of the roles). */
  victim: string;
}

/** The socket endpoint of each kind (the room: the fixture's, unless another is given). */
export function socketPath(fx: Fixtures, kind: SocketKind, room = fx.room): string {
  if (kind === "room") return `/v1/rooms/${room}/ws`;
  return kind === "universe" ? `/v1/universes/${fx.universe}/ws` : "/v1/ws/echo";
}

/** A valid value for path parameter `name` of the operation at `opPath`. */
export function paramValue(fx: Fixtures, role: Role, opPath: string, name: string): string {
  switch (name) {
    case "u":
      return fx.universe;
    case "p":
      return fx.planet;
    case "object":
      return "metal_mine";
    case "tech":
      return "energy_technology";
    case "entry":
      return "missing-entry";
    case "g":
    case "s":
      return "1";
    case "game":
      return "golf";
    case "code":
      return fx.share;
  }
  if (opPath.startsWith("/v1/auth/sessions/")) return fx.sessions[role] ?? "no-session";
  if (opPath.startsWith("/v1/admin/users/")) return fx.victim;
  if (opPath.startsWith("/v1/rooms/")) return fx.room;
  if (opPath.startsWith("/v1/games/")) return fx.game;
  if (opPath.startsWith("/v1/players/")) return fx.otherUser;
  return "1";
}

function fill(text: string, fx: Fixtures, req: FuzzRequest): string {
  const opPath = req.op.slice(req.op.indexOf(" ") + 1);
  return text.replace(/⟦([^⟧]+)⟧/g, (_m, ph: string) => {
    if (ph === "token") return fx.tokens[req.role] ?? "";
    if (ph.startsWith("token:")) return fx.tokens[ph.slice(6) as Role] ?? "";
    if (ph.startsWith("param:")) return paramValue(fx, req.role, opPath, ph.slice(6));
    return "";
  });
}

/** The request with every placeholder replaced. */
export function resolveRequest(req: FuzzRequest, fx: Fixtures): FuzzRequest {
  return {
    ...req,
    target: fill(req.target, fx, req),
    headers: req.headers.map(([k, v]) => [k, fill(v, fx, req)]),
    ...(req.body === undefined ? {} : { body: fill(req.body, fx, req) }),
  };
}

/**
 * Whether the answer says the role's own session is gone (the fuzz logged it out, or presented a
 * refresh token twice): the sender then logs that role in again so the run goes on as that role.
 */
export function sessionEnded(req: FuzzRequest, outcome: HttpOutcome): boolean {
  return (
    req.role !== "anonymous" &&
    req.role !== "banned" &&
    !req.cls.startsWith("headers") &&
    outcome.kind === "answer" &&
    outcome.status === 401 &&
    outcome.body.includes('"reason":"revoked"')
  );
}
