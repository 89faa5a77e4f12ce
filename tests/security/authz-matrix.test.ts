/**
 * Authorization matrix: every operation of /openapi.json × every role, with the status each role
 * must get. "player" owns the resources (room, planet, game, share code); "other" is another
 * player reaching for them; "banned" holds the token it had before its ban; "admin" is the
 * bootstrap admin. An operation without a row fails, and so does a row without an operation.
 *
 * Adding a row: key it `METHOD /path/{param}` as in the OpenAPI document, give the status per role
 * (`open`, `user` and `adminOnly` cover the common shapes), and a `request` when the operation
 * needs a body, a query or a fresh resource per role (each role's request is built separately, so a
 * destructive call gets its own resource). Path parameters default to the fixture's values
 * (scripts/fuzz/fixtures.ts `paramValue`).
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { paramValue } from "../../scripts/fuzz/fixtures";
import { type OpenApiDoc, operations } from "../../scripts/fuzz/openapi";
import { ROLES, type Role } from "../../scripts/fuzz/requests";
import { buildRoles, emptyFixtures, newShare } from "../../scripts/fuzz/roles";
import { STARTER_DECKS } from "../../src/games/tcg/index";
import { limiter } from "../../src/http/rate-limit";
import { playGolf, record } from "../history/helpers";
import { call, json, registerUser, type TestUser, uniqueName } from "../helpers/http";
import { memberShard, simulatedRecord } from "../universe/report-helpers";
import { testSetupClient } from "./helpers";

type Expect = Record<Role, number>;

interface Req {
  /** Defaults to the operation's path with the fixture's parameter values. */
  path?: string;
  query?: string;
  body?: unknown;
  /** Defaults to the role's access token (none for anonymous). */
  token?: string;
}

interface Ctx {
  role: Role;
  fx: MatrixFixture;
}

interface Row {
  expect: Expect;
  request?: (c: Ctx) => Req | Promise<Req>;
  /** Cleans up after the role's call (leaves a joined room, leaves a queue, renews a session). */
  after?: (c: Ctx, body: any, req: Req) => Promise<void>;
}

const open = (status: number): Expect => ({ anonymous: status, player: status, other: status, banned: status, admin: status });
/** Any signed-in account; banned accounts are refused with 403 `banned`. */
const user = (status: number, overrides: Partial<Expect> = {}): Expect => ({
  anonymous: 401,
  player: status,
  other: status,
  banned: 403,
  admin: status,
  ...overrides,
});
const adminOnly = (status: number): Expect => ({ anonymous: 401, player: 403, other: 403, banned: 403, admin: status });
/** The player's own resource: the other player and the admin are refused with `status`. */
const owner = (ok: number, refused: number, admin = refused): Expect => user(ok, { other: refused, admin });

/** A small offer at the guidance ratio, which every starting planet can afford. */
const MARKET_OFFERED = { resource: "metal", amount: 30 };
const MARKET_REQUESTED = { resource: "crystal", amount: 20 };

const MATRIX: Record<string, Row> = {
  "GET /healthz": { expect: open(200) },
  "GET /readyz": { expect: open(200) },
  // Production (the suite's mode) opens /metrics to METRICS_TOKEN only, never to an account's token.
  "GET /metrics": { expect: open(401) },
  "GET /openapi.json": { expect: open(200) },
  "GET /docs/try-it.js": { expect: open(200) },
  "GET /docs": { expect: open(200) },

  "POST /v1/auth/register": {
    expect: open(201),
    request: () => ({ body: { username: uniqueName("reg"), password: "correct horse battery" } }),
  },
  "POST /v1/auth/login": {
    expect: { ...open(200), banned: 403 },
    request: ({ fx, role }) => ({ body: { login: fx.account(role).username, password: fx.account(role).password } }),
  },
  "POST /v1/auth/refresh": {
    expect: { ...open(200), banned: 401 },
    request: async ({ fx, role }) => ({ body: { refreshToken: (await fx.session(role)).refreshToken } }),
  },
  "POST /v1/auth/logout": {
    expect: user(200),
    request: async ({ fx, role }) => (role === "anonymous" ? {} : { token: (await fx.session(role)).accessToken }),
  },
  "POST /v1/auth/logout-all": { expect: user(200), after: ({ fx, role }) => fx.renew(role) },
  "GET /v1/auth/me": { expect: user(200) },
  "GET /v1/auth/sessions": { expect: user(200) },
  "DELETE /v1/auth/sessions/{id}": {
    expect: owner(200, 404),
    request: async ({ fx }) => ({ path: `/v1/auth/sessions/${(await fx.session("player")).sessionId}` }),
  },

  // Account lifecycle (tests/accounts/): bodies that fail validation keep the fixture accounts intact.
  "GET /v1/auth/verify-email": { expect: open(400), request: () => ({ query: "token=not-a-token" }) },
  // The fixture accounts have no email.
  "POST /v1/auth/verify-email/resend": { expect: user(400) },
  "POST /v1/auth/password-reset/request": {
    expect: open(202),
    request: () => ({ body: { email: `${uniqueName("matrix")}@example.com` } }),
  },
  "POST /v1/auth/password-reset": {
    expect: open(400),
    request: () => ({ body: { token: "not-a-token", password: "correct horse battery" } }),
  },
  "POST /v1/me/password": { expect: user(400), request: () => ({ body: { currentPassword: "x", newPassword: "short" } }) },
  "POST /v1/me/email": { expect: user(400), request: () => ({ body: { password: "x", email: "not an address" } }) },
  "GET /v1/me/export": { expect: user(200) },
  "DELETE /v1/me": { expect: user(400), request: () => ({ body: { password: "" } }) },
  // Only while the dev mail sender runs (the suite sets MAIL_SENDER=dev); production shows it to admins.
  "GET /v1/dev/mail": { expect: adminOnly(200), request: () => ({ query: "to=nobody%40example.com" }) },

  "POST /v1/auth/guest": { expect: open(201) },
  // Only a guest can upgrade; every role here is a full account.
  "POST /v1/auth/guest/upgrade": {
    expect: user(409),
    request: () => ({ body: { username: uniqueName("upg"), password: "correct horse battery" } }),
  },

  "GET /v1/admin/users": { expect: adminOnly(200), request: () => ({ query: "q=play" }) },
  "GET /v1/admin/users/{id}": {
    expect: adminOnly(200),
    request: async () => ({ path: `/v1/admin/users/${(await registerUser("view")).id}` }),
  },
  "POST /v1/admin/users/{id}/mute": {
    expect: adminOnly(200),
    request: async () => ({
      path: `/v1/admin/users/${(await registerUser("mute")).id}/mute`,
      body: { reason: "matrix", until: Date.now() + 60_000 },
    }),
  },
  "POST /v1/admin/users/{id}/unmute": {
    expect: adminOnly(200),
    request: async () => ({ path: `/v1/admin/users/${(await registerUser("unmute")).id}/unmute` }),
  },
  "POST /v1/admin/users/{id}/logout": {
    expect: adminOnly(200),
    request: async () => ({ path: `/v1/admin/users/${(await registerUser("kick")).id}/logout` }),
  },
  "PUT /v1/admin/users/{id}/role": {
    expect: adminOnly(200),
    request: async () => ({ path: `/v1/admin/users/${(await registerUser("role")).id}/role`, body: { role: "player" } }),
  },
  // The fixture's accounts have no address: refused on the merits, after the role check.
  "POST /v1/admin/users/{id}/password-reset": {
    expect: adminOnly(400),
    request: async () => ({ path: `/v1/admin/users/${(await registerUser("reset")).id}/password-reset`, body: {} }),
  },
  "GET /v1/admin/rooms": { expect: adminOnly(200) },
  "GET /v1/admin/rooms/{id}": { expect: adminOnly(200), request: ({ fx }) => ({ path: `/v1/admin/rooms/${fx.values.room}` }) },
  "POST /v1/admin/rooms/{id}/close": {
    expect: adminOnly(200),
    request: async ({ fx }) => ({ path: `/v1/admin/rooms/${(await fx.hostedRoom()).id}/close` }),
  },
  "GET /v1/admin/universes": { expect: adminOnly(200) },
  "GET /v1/admin/universes/{u}": { expect: adminOnly(200) },
  // A universe of its own per call, so the fixture's universe never pauses.
  "POST /v1/admin/universes/{u}/pause": {
    expect: adminOnly(200),
    request: async ({ fx }) => ({ path: `/v1/admin/universes/${await fx.spareUniverse()}/pause` }),
  },
  "POST /v1/admin/universes/{u}/resume": {
    expect: adminOnly(200),
    request: async ({ fx }) => ({ path: `/v1/admin/universes/${await fx.spareUniverse()}/resume` }),
  },
  "POST /v1/admin/universes/{u}/debris": {
    expect: adminOnly(201),
    request: () => ({ body: { galaxy: 1, system: 2, position: 8, metal: 10, crystal: 5, deuterium: 0 } }),
  },
  // The fixture's homeworld gets a moon once; the admin's repeats answer that moon.
  "POST /v1/admin/universes/{u}/moons": {
    expect: adminOnly(201),
    request: ({ fx }) => ({ body: { planetId: fx.values.planet, diameter: 5000 } }),
  },
  "GET /v1/admin/audit": { expect: adminOnly(200), request: () => ({ query: "action=user.ban&limit=5" }) },

  "POST /v1/admin/users/{id}/ban": {
    expect: adminOnly(200),
    request: async () => ({ path: `/v1/admin/users/${(await registerUser("target")).id}/ban`, body: { reason: "matrix" } }),
  },
  "POST /v1/admin/users/{id}/unban": {
    expect: adminOnly(200),
    request: async () => ({ path: `/v1/admin/users/${(await registerUser("target")).id}/unban` }),
  },
  "POST /v1/admin/universes": {
    expect: adminOnly(201),
    request: () => ({ body: { id: `m-${crypto.randomUUID().slice(0, 8)}`, name: "Matrix", settings: {} } }),
  },

  "GET /v1/ws/echo": { expect: user(101) },

  "GET /v1/universes": { expect: open(200) },
  "GET /v1/universes/{u}/catalog": { expect: open(200) },
  "GET /v1/universes/{u}/calc/cost": { expect: open(200), request: () => ({ query: "object=metal_mine&level=3" }) },
  "POST /v1/universes/{u}/calc/production": {
    expect: open(200),
    request: () => ({ body: { position: 8, temperature: { min: 30, max: 70 }, buildings: { metal_mine: 10, solar_plant: 10 } } }),
  },
  "POST /v1/universes/{u}/calc/flight": {
    expect: open(200),
    request: () => ({
      body: { from: { galaxy: 1, system: 10, position: 4 }, to: { galaxy: 1, system: 15, position: 8 }, ships: { small_cargo: 5 } },
    }),
  },
  "POST /v1/universes/{u}/calc/battle": {
    expect: open(200),
    request: () => ({
      body: { attackers: [{ ships: { light_fighter: 10 } }], defenders: [{ defenses: { rocket_launcher: 5 } }], simulations: 2 },
    }),
  },
  "GET /v1/universes/{u}/slots": { expect: open(200), request: () => ({ query: "galaxy=1&system=1" }) },
  "GET /v1/universes/{u}/galaxy/{g}/{s}": { expect: open(200) },
  // Every signed-in role joined in the fixture.
  "POST /v1/universes/{u}/join": { expect: user(409), request: () => ({ body: {} }) },
  "GET /v1/universes/{u}/empire": { expect: user(200) },
  "GET /v1/universes/{u}/planets/{p}": { expect: owner(200, 403) },
  "PATCH /v1/universes/{u}/planets/{p}": { expect: owner(200, 403), request: () => ({ body: { name: "Renamed" } }) },
  // The fixture's planet is the player's homeworld: the owner gets past authorization to the rule.
  "DELETE /v1/universes/{u}/planets/{p}": { expect: owner(409, 403) },
  "POST /v1/universes/{u}/planets/{p}/buildings/{object}": { expect: owner(200, 403) },
  "POST /v1/universes/{u}/planets/{p}/buildings/{object}/demolish": { expect: owner(200, 403) },
  "DELETE /v1/universes/{u}/planets/{p}/queue/{entry}": { expect: owner(404, 403) },
  "PUT /v1/universes/{u}/planets/{p}/production/{object}": { expect: owner(200, 403), request: () => ({ body: { percent: 50 } }) },
  "GET /v1/universes/{u}/planets/{p}/shipyard": { expect: owner(200, 403) },
  // The fixture's homeworld has no shipyard yet: refused on the merits, after the planet check.
  "POST /v1/universes/{u}/planets/{p}/shipyard": { expect: owner(409, 403), request: () => ({ body: { unit: "small_cargo", count: 1 } }) },
  // The fixture's homeworld has no ships: refused on the merits (409), after the planet check (403).
  "POST /v1/universes/{u}/fleets": {
    expect: owner(409, 403),
    request: ({ fx }) => ({
      body: { from: fx.values.planet, to: { galaxy: 1, system: 1, position: 1, kind: "planet" }, mission: "transport", ships: { small_cargo: 1 } },
    }),
  },
  "GET /v1/universes/{u}/fleets": { expect: user(200) },
  // Nobody holds position 15: refused on the merits (404), after the planet check (403).
  "POST /v1/universes/{u}/missiles": {
    expect: owner(404, 403),
    request: ({ fx }) => ({ body: { from: fx.values.planet, to: { galaxy: 1, system: 1, position: 15 }, count: 1 } }),
  },
  "GET /v1/universes/{u}/missiles": { expect: user(200) },
  // The fixture's homeworld is no moon: the owner gets past authorization to the rule.
  "POST /v1/universes/{u}/planets/{p}/jump": {
    expect: owner(409, 403),
    request: ({ fx }) => ({ body: { to: fx.values.planet, ships: { small_cargo: 1 } } }),
  },
  // No planet stands at position 16: refused before anything is charged, for every player.
  "POST /v1/universes/{u}/planets/{p}/phalanx": { expect: user(404), request: () => ({ query: "galaxy=1&system=1&position=16" }) },
  // Only one's own fleets are found.
  "POST /v1/universes/{u}/fleets/{id}/recall": { expect: user(404) },
  "POST /v1/universes/{u}/fleets/{id}/union": { expect: user(404), request: () => ({ body: { invite: [] } }) },
  "GET /v1/universes/{u}/unions": { expect: user(200) },
  "GET /v1/universes/{u}/research": { expect: user(200) },
  // The player lacks a research lab: refused on the merits, after the planet check.
  "POST /v1/universes/{u}/research/{tech}": { expect: owner(409, 403), request: ({ fx }) => ({ body: { planet: fx.values.planet } }) },
  "DELETE /v1/universes/{u}/research/queue/{entry}": { expect: user(404) },
  "GET /v1/universes/{u}/notifications": { expect: user(200) },
  "POST /v1/universes/{u}/notifications/read": { expect: user(200), request: () => ({ body: { all: true } }) },
  "DELETE /v1/universes/{u}/notifications/{id}": { expect: user(404) },
  "GET /v1/universes/{u}/highscore": { expect: user(200) },
  // The market: every role but the banned one has joined; the planet in the body is the player's.
  "POST /v1/universes/{u}/market/offers": {
    expect: owner(201, 403),
    request: ({ fx }) => ({ body: { planet: fx.values.planet, offered: MARKET_OFFERED, requested: MARKET_REQUESTED } }),
  },
  "GET /v1/universes/{u}/market/offers": { expect: user(200) },
  // The fixture id names no offer; refusing the buyer's own offer and taken ones is in tests/market.
  "POST /v1/universes/{u}/market/offers/{id}/accept": { expect: user(404), request: ({ fx }) => ({ body: { planet: fx.values.planet } }) },
  // Each role tries to cancel a fresh offer of the player's: only the seller may.
  "DELETE /v1/universes/{u}/market/offers/{id}": {
    expect: owner(200, 403),
    request: async ({ fx }) => {
      const res = await call(`/v1/universes/${fx.values.universe}/market/offers`, {
        token: fx.token("player"),
        body: { planet: fx.values.planet, offered: MARKET_OFFERED, requested: MARKET_REQUESTED },
      });
      expect(res.status).toBe(201);
      return { path: `/v1/universes/${fx.values.universe}/market/offers/${(await json(res)).id}` };
    },
  },
  "GET /v1/universes/{u}/market/history": { expect: user(200) },
  "GET /v1/universes/{u}/market/guidance": { expect: user(200) },
  "GET /v1/universes/{u}/reports": { expect: user(200) },
  // Reports are the player's own copies: anyone else finds nothing under the id.
  "GET /v1/universes/{u}/reports/{id}": {
    expect: owner(200, 404),
    request: async ({ fx }) => ({ path: `/v1/universes/${fx.values.universe}/reports/${await fx.battleReport()}` }),
  },
  "POST /v1/universes/{u}/reports/{id}/share": {
    expect: owner(201, 404),
    request: async ({ fx }) => ({ path: `/v1/universes/${fx.values.universe}/reports/${await fx.battleReport()}/share` }),
  },
  "GET /v1/universes/{u}/buddies": { expect: user(200) },
  "POST /v1/universes/{u}/buddies": {
    expect: user(201),
    request: async ({ fx }) => ({ body: { username: (await fx.freshMember()).username } }),
  },
  // A fresh member asks the role first, so each role has a request of its own to answer.
  "POST /v1/universes/{u}/buddies/{userId}/accept": {
    expect: user(200),
    request: async (c) => ({ path: `/v1/universes/${c.fx.values.universe}/buddies/${await c.fx.buddyAsking(c.role)}/accept` }),
  },
  "DELETE /v1/universes/{u}/buddies/{userId}": {
    expect: user(200),
    request: async (c) => ({ path: `/v1/universes/${c.fx.values.universe}/buddies/${await c.fx.buddyAsking(c.role)}` }),
  },
  "GET /v1/reports/{key}": {
    expect: { ...open(200), banned: 403 },
    request: async ({ fx }) => ({ path: `/v1/reports/${await fx.sharedReportKey()}` }),
  },
  "GET /v1/universes/{u}/ws": { expect: user(101) },

  "GET /v1/world/characters": { expect: user(200) },
  "POST /v1/world/characters": {
    expect: user(201),
    request: () => ({ body: { name: `M${[...crypto.getRandomValues(new Uint8Array(12))].map((b) => String.fromCharCode(97 + (b % 26))).join("")}` } }),
  },
  "DELETE /v1/world/characters/{id}": { expect: user(404) },
  "GET /v1/world/ws": { expect: user(404), request: () => ({ query: "character=ch_missing" }) },

  "GET /v1/admin/world/online": { expect: adminOnly(200) },
  "GET /v1/admin/world/areas/{area}": { expect: adminOnly(200), request: () => ({ path: "/v1/admin/world/areas/millbrook" }) },
  "POST /v1/admin/world/areas/{area}/reload": { expect: adminOnly(200), request: () => ({ path: "/v1/admin/world/areas/thornwood/reload" }) },
  "POST /v1/admin/world/characters/{id}/kick": { expect: adminOnly(404) },
  "POST /v1/admin/world/characters/{id}/teleport": { expect: adminOnly(404), request: () => ({ body: { room: "mb_square" } }) },
  "POST /v1/admin/world/content/validate": { expect: adminOnly(400), request: () => ({ body: { files: {} } }) },

  "GET /v1/games": { expect: open(200) },
  "POST /v1/rooms": { expect: user(201), request: () => ({ body: { game: "counter", visibility: "public" } }), after: leaveRoom },
  "GET /v1/rooms": { expect: user(200) },
  "POST /v1/rooms/join": {
    expect: user(200),
    request: async ({ fx }) => ({ body: { code: (await fx.hostedRoom()).code } }),
    after: leaveRoom,
  },
  "GET /v1/rooms/me/active": { expect: user(200) },
  "GET /v1/rooms/{id}": { expect: user(200) },
  "POST /v1/rooms/{id}/join": {
    expect: user(200),
    request: async ({ fx }) => ({ path: `/v1/rooms/${(await fx.hostedRoom()).id}/join` }),
    after: leaveRoom,
  },
  // The player's room has not started: the seated player is refused on the merits, others are not seated.
  "POST /v1/rooms/{id}/resign": { expect: owner(409, 403) },
  "POST /v1/rooms/{id}/leave": {
    expect: owner(200, 403),
    request: async ({ fx }) => ({ path: `/v1/rooms/${(await fx.playersRoom()).id}/leave` }),
    // The player leaves the room made for this call, so its live rooms stay under the limit of 4.
    after: async ({ fx }, _body, req) => {
      await call(req.path as string, { method: "POST", token: fx.token("player") });
    },
  },
  "GET /v1/rooms/{id}/ws": { expect: user(101) },

  "GET /v1/lobby/{game}": { expect: user(200) },
  "GET /v1/lobby/{game}/live": { expect: user(200) },
  "POST /v1/matchmaking/{game}": { expect: user(200), after: ({ fx, role }) => fx.leaveQueue(role) },
  "GET /v1/matchmaking/{game}": { expect: user(200) },
  "DELETE /v1/matchmaking/{game}": {
    expect: user(200),
    request: async ({ fx, role }) => {
      await fx.enqueue(role);
      return {};
    },
  },

  "GET /v1/me/games": { expect: user(200) },
  "GET /v1/games/{id}": { expect: owner(200, 403, 200) },
  "GET /v1/games/{id}/replay": { expect: owner(200, 403, 200) },
  "GET /v1/games/{id}/export": { expect: owner(200, 403, 200) },
  "POST /v1/replays/import": { expect: user(201), request: ({ fx }) => ({ body: fx.exported }) },
  "DELETE /v1/games/{id}": {
    expect: owner(200, 403, 200),
    request: async ({ fx }) => {
      const imported = await call("/v1/replays/import", { body: fx.exported, token: fx.token("player") });
      expect(imported.status).toBe(201);
      return { path: `/v1/games/${(await json(imported)).game.id}` };
    },
  },
  "POST /v1/games/{id}/share": { expect: owner(201, 403), request: () => ({ body: {} }) },
  "GET /v1/replays/{code}": { expect: { ...open(200), banned: 403 } },
  "DELETE /v1/replays/{code}": {
    expect: owner(200, 403, 200),
    request: async ({ fx }) => ({ path: `/v1/replays/${await fx.newShare()}` }),
  },
  "GET /v1/me/shares": { expect: user(200) },
  "GET /v1/tcg/cards": { expect: { ...open(200), banned: 403 } },
  "GET /v1/tcg/collection": { expect: user(200) },
  "GET /v1/tcg/decks": { expect: user(200) },
  "POST /v1/tcg/decks": { expect: user(201), request: () => ({ body: { ...STARTER_DECKS.ember, name: "Matrix" } }) },
  "POST /v1/tcg/decks/validate": { expect: user(200), request: () => ({ body: { ...STARTER_DECKS.ember, name: "Matrix" } }) },
  "GET /v1/tcg/decks/{id}": { expect: user(404) },
  "PUT /v1/tcg/decks/{id}": { expect: user(404), request: () => ({ body: { ...STARTER_DECKS.ember, name: "Matrix" } }) },
  "DELETE /v1/tcg/decks/{id}": { expect: user(404) },

  // Public reads: no token needed; a banned account's token is still refused.
  "GET /v1/leaderboards/{game}": { expect: { ...open(200), banned: 403 } },
  "GET /v1/players/{id}/stats": { expect: { ...open(200), banned: 403 } },
  "GET /v1/players/{id}": { expect: { ...open(200), banned: 403 } },
  "GET /v1/me/stats": { expect: user(200) },
};

async function leaveRoom({ fx, role }: Ctx, body: any): Promise<void> {
  if (body?.id && role !== "anonymous" && role !== "banned")
    await call(`/v1/rooms/${body.id}/leave`, { method: "POST", token: fx.token(role) });
}

interface Session {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

/** The accounts and resources every row reaches for. */
class MatrixFixture {
  readonly values = emptyFixtures();
  users: Partial<Record<Role, TestUser>> = {};
  exported: unknown = null;
  adminId = "";

  async build(): Promise<void> {
    const roles = await buildRoles(testSetupClient, this.values, ["anonymous", "player", "other", "banned"], ["player", "other", "admin"]);
    this.users = roles.accounts;
    this.adminId = roles.adminId;
    this.values.room = (await this.playersRoom()).id;
    const played = playGolf({ seed: 11, players: [{ userId: this.account("player").id }, { userId: null }] });
    expect(await record(played.record)).toBe(true);
    this.values.game = played.record.id;
    this.values.share = await this.newShare();
    const exported = await call(`/v1/games/${this.values.game}/export`, { token: this.token("player") });
    expect(exported.status).toBe(200);
    this.exported = await json(exported);
  }

  account(role: Role): TestUser {
    if (role === "admin") return { username: "root_admin", password: "root-admin-password", id: this.adminId } as TestUser;
    const u = this.users[role];
    if (!u) throw new Error(`no account for ${role}`);
    return u;
  }

  token(role: Role): string | undefined {
    return this.values.tokens[role];
  }

  /** A new session of the role's account (the banned account keeps the one it had). */
  async session(role: Role): Promise<Session> {
    const a = this.account(role);
    if (role === "banned") return { accessToken: a.accessToken, refreshToken: a.refreshToken, sessionId: a.sessionId };
    const res = await call("/v1/auth/login", { body: { login: a.username, password: a.password } });
    expect(res.status).toBe(200);
    const body = await json(res);
    return { accessToken: body.accessToken, refreshToken: body.refreshToken, sessionId: body.sessionId };
  }

  /** After a logout-all, the role's token is renewed for the rows that follow. */
  async renew(role: Role): Promise<void> {
    if (role === "anonymous" || role === "banned") return;
    this.values.tokens[role] = (await this.session(role)).accessToken;
  }

  /** A public Counter room the player created and sits in. */
  async playersRoom(): Promise<{ id: string; code: string }> {
    const res = await call("/v1/rooms", { token: this.token("player"), body: { game: "counter", visibility: "public" } });
    expect(res.status, await res.clone().text()).toBe(201);
    return json(res);
  }

  /** A public Counter room of a host who is none of the roles. */
  async hostedRoom(): Promise<{ id: string; code: string }> {
    const host = await registerUser("host");
    const res = await call("/v1/rooms", { token: host.accessToken, body: { game: "counter", visibility: "public" } });
    expect(res.status).toBe(201);
    return json(res);
  }

  /** A fresh universe (for pause and resume, which must not touch the fixture's universe). */
  async spareUniverse(): Promise<string> {
    const id = `m-${crypto.randomUUID().slice(0, 8)}`;
    const res = await call("/v1/admin/universes", { token: this.token("admin"), body: { id, name: "Spare", settings: { shardCount: 1 } } });
    expect(res.status).toBe(201);
    return id;
  }

  newShare(): Promise<string> {
    return newShare(testSetupClient, this.values);
  }

  /** A fresh battle report in the player's shard, where the other role fought as defender. */
  async battleReport(): Promise<string> {
    const record = simulatedRecord(this.account("player"), this.account("other"));
    const shard = await memberShard(this.values.universe, this.account("player").id);
    expect(await shard.storeBattleReport(record, [this.account("player").id])).toHaveLength(1);
    return record.id;
  }

  /** A new account that joined the fixture's universe. */
  async freshMember(): Promise<TestUser> {
    const u = await registerUser("buddy");
    expect((await call(`/v1/universes/${this.values.universe}/join`, { method: "POST", token: u.accessToken })).status).toBe(201);
    return u;
  }

  /** The id of a fresh member who has asked the role to be buddies (nobody is asked for the anonymous and banned roles). */
  async buddyAsking(role: Role): Promise<string> {
    const m = await this.freshMember();
    if (role !== "anonymous" && role !== "banned") {
      const path = `/v1/universes/${this.values.universe}/buddies`;
      const res = await call(path, { body: { username: this.account(role).username }, token: m.accessToken });
      expect(res.status).toBe(201);
    }
    return m.id;
  }

  private reportKey: string | null = null;

  async sharedReportKey(): Promise<string> {
    if (this.reportKey) return this.reportKey;
    const path = `/v1/universes/${this.values.universe}/reports/${await this.battleReport()}/share`;
    const res = await call(path, { method: "POST", token: this.token("player") });
    expect(res.status).toBe(201);
    this.reportKey = (await json(res)).key as string;
    return this.reportKey;
  }

  async enqueue(role: Role): Promise<void> {
    const token = this.token(role);
    if (token && role !== "banned") expect((await call("/v1/matchmaking/golf", { method: "POST", token })).status).toBe(200);
  }

  async leaveQueue(role: Role): Promise<void> {
    const token = this.token(role);
    if (token && role !== "banned") await call("/v1/matchmaking/golf", { method: "DELETE", token });
  }

  /** The matrix measures authorization, not the per-user API budget: refill it before each row. */
  async refillBudgets(): Promise<void> {
    const ids = [this.account("player").id, this.account("other").id, this.adminId];
    await Promise.all(ids.map((id) => limiter(env, `api:user:${id}`).reset()));
  }
}

/** One role's call: a WebSocket upgrade for socket operations (the token as a subprotocol). */
async function send(method: string, opPath: string, socket: boolean, c: Ctx, row: Row): Promise<number> {
  const req = (await row.request?.(c)) ?? {};
  const path = req.path ?? opPath.replace(/\{(\w+)\}/g, (_m, name: string) => paramValue(c.fx.values, c.role, opPath, name));
  const token = req.token ?? c.fx.token(c.role);
  const url = `${path}${req.query ? `?${req.query}` : ""}`;
  if (socket) {
    const res = await SELF.fetch(`http://orrery.test${url}`, {
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": token ? `orrery.v1, bearer.${token}` : "orrery.v1" },
    });
    if (res.webSocket) {
      res.webSocket.accept();
      res.webSocket.close(1000, "matrix");
    }
    return res.status;
  }
  const res = await call(url, { method, token, ...(req.body === undefined ? {} : { body: req.body }) });
  const body = (await res.json().catch(() => null)) as { error?: { code?: unknown } } | null;
  if (res.status >= 400) expect(body?.error?.code, `${method} ${url} as ${c.role}: the error shape`).toBeTypeOf("string");
  await row.after?.(c, body, req);
  return res.status;
}

let doc: OpenApiDoc;
const fx = new MatrixFixture();

beforeAll(async () => {
  doc = (await json(await call("/openapi.json"))) as OpenApiDoc;
  await fx.build();
}, 60_000);

describe("authorization matrix", () => {
  it("has a row for every operation in /openapi.json, and an operation for every row", () => {
    const documented = operations(doc).map((o) => o.key);
    expect(
      documented.filter((k) => !(k in MATRIX)),
      "operations without a row",
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((k) => !documented.includes(k)),
      "rows without an operation",
    ).toEqual([]);
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    it(`${key}: ${ROLES.map((r) => `${r} ${row.expect[r]}`).join(", ")}`, async () => {
      const op = operations(doc).find((o) => o.key === key);
      expect(op, "the operation is in /openapi.json").toBeDefined();
      if (!op) return;
      const got = {} as Expect;
      for (const role of ROLES) {
        await fx.refillBudgets();
        got[role] = await send(op.method, op.path, op.socket, { role, fx }, row);
      }
      expect(got).toEqual(row.expect);
    });
  }
});
