/**
 * The moderator's row of the authorization matrix (tests/security/authz-matrix.test.ts holds the
 * other roles): every admin operation in /openapi.json, with the status a moderator gets. A new
 * admin operation without a row here fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type OpenApiDoc, operations } from "../../scripts/fuzz/openapi";
import { call, json, loginAdmin, registerUser, type TestUser } from "../helpers/http";

interface Row {
  status: number;
  path?: () => Promise<string>;
  body?: unknown;
}

const fresh = (suffix: string) => async () => `/v1/admin/users/${(await registerUser("mtx")).id}${suffix}`;

const ROWS: Record<string, Row> = {
  "GET /v1/admin/users": { status: 200 },
  "GET /v1/admin/users/{id}": { status: 200, path: fresh("") },
  "POST /v1/admin/users/{id}/ban": { status: 200, path: fresh("/ban"), body: { reason: "matrix" } },
  "POST /v1/admin/users/{id}/unban": { status: 200, path: fresh("/unban") },
  "POST /v1/admin/users/{id}/mute": { status: 200, path: fresh("/mute"), body: { reason: "matrix", until: Date.now() + 3_600_000 } },
  "POST /v1/admin/users/{id}/unmute": { status: 200, path: fresh("/unmute") },
  "POST /v1/admin/users/{id}/logout": { status: 403, path: fresh("/logout") },
  "POST /v1/admin/users/{id}/password-reset": { status: 403, path: fresh("/password-reset"), body: {} },
  "PUT /v1/admin/users/{id}/role": { status: 403, path: fresh("/role"), body: { role: "moderator" } },
  "GET /v1/admin/rooms": { status: 403 },
  "GET /v1/admin/rooms/{id}": { status: 403 },
  "POST /v1/admin/rooms/{id}/close": { status: 403 },
  "GET /v1/admin/universes": { status: 403 },
  "POST /v1/admin/universes": { status: 403, body: { id: "mod-made", name: "No", settings: {} } },
  "GET /v1/admin/universes/{u}": { status: 403 },
  "POST /v1/admin/universes/{u}/pause": { status: 403 },
  "POST /v1/admin/universes/{u}/resume": { status: 403 },
  "POST /v1/admin/universes/{u}/moons": { status: 403, body: { planetId: "p", diameter: 5000 } },
  "POST /v1/admin/universes/{u}/debris": { status: 403, body: { galaxy: 1, system: 1, position: 8, metal: 1, crystal: 0, deuterium: 0 } },
  "GET /v1/admin/audit": { status: 403 },
  "GET /v1/admin/world/online": { status: 403 },
  "GET /v1/admin/world/areas/{area}": { status: 403 },
  "POST /v1/admin/world/areas/{area}/reload": { status: 403 },
  "POST /v1/admin/world/characters/{id}/kick": { status: 403 },
  "POST /v1/admin/world/characters/{id}/teleport": { status: 403, body: { room: "mb_square" } },
  "POST /v1/admin/world/content/validate": { status: 403, body: { files: {} } },
};

let doc: OpenApiDoc;
let mod: TestUser;

beforeAll(async () => {
  doc = (await json(await call("/openapi.json"))) as OpenApiDoc;
  mod = await registerUser("mod");
  const res = await call(`/v1/admin/users/${mod.id}/role`, { method: "PUT", token: await loginAdmin(), body: { role: "moderator" } });
  expect(res.status).toBe(200);
});

describe("authorization matrix: moderator", () => {
  it("has a row for every admin operation", () => {
    const admin = operations(doc)
      .map((o) => o.key)
      .filter((k) => k.includes(" /v1/admin/"));
    expect(admin.filter((k) => !(k in ROWS))).toEqual([]);
    expect(Object.keys(ROWS).filter((k) => !admin.includes(k))).toEqual([]);
  });

  for (const [key, row] of Object.entries(ROWS)) {
    it(`${key}: moderator ${row.status}`, async () => {
      const [method, opPath] = key.split(" ") as [string, string];
      const path = row.path ? await row.path() : opPath.replace("{id}", "0".repeat(64)).replace("{u}", "milky-way");
      const res = await call(path, { method, token: mod.accessToken, ...(row.body === undefined ? {} : { body: row.body }) });
      expect(res.status, await res.clone().text()).toBe(row.status);
    });
  }
});
