import { describe, expect, it } from "vitest";
import { call, expectError, registerUser } from "../helpers/http";

describe("routing (answers cached per method and path)", () => {
  it("gives each path its own parameters, however often paths of one route alternate", async () => {
    const u = await registerUser("route");
    for (let round = 0; round < 2; round++) {
      for (const universe of ["nowhere-a", "nowhere-b"]) {
        const err = await expectError(await call(`/v1/universes/${universe}/planets/p1`, { token: u.accessToken }), 404, "not_found");
        expect(err.message).toBe(`no universe ${universe}`);
      }
    }
  });

  it("keeps a path's other methods apart: a cached GET does not answer a POST, nor the reverse", async () => {
    for (let round = 0; round < 2; round++) {
      const wrong = await call("/v1/auth/login", { method: "GET" });
      expect(wrong.headers.get("Allow")).toContain("POST");
      await expectError(wrong, 405, "method_not_allowed");
      await expectError(await call("/v1/auth/login", { body: { login: 42 } }), 400, "invalid_request");
    }
  });
});
