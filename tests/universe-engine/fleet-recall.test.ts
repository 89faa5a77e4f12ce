import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type Fleet, fleetDueAt, recallFleet, validateLaunch } from "../../src/universe/engine/index";
import { HOUR, newEmpire, planetOf, RICH, SECOND, T0, withPlanet } from "./helpers";

const e = withPlanet(newEmpire(), { units: { small_cargo: 10 }, resources: RICH, resourcesAt: T0 });
const target = { planetOwner: "player-2", moonOwner: null, debris: false, ownerIsBuddy: true };

function fleet(mission: "transport" | "acs_defend" | "deploy", holdHours?: number): Fleet {
  const to = { galaxy: 1, system: 47, position: 4, kind: "planet" as const };
  const world = {
    fleetId: "f",
    fleetsInFlight: 0,
    points: 0,
    target: mission === "deploy" ? { ...target, planetOwner: "player-1" } : target,
  };
  const request = { to, mission, ships: { small_cargo: 10 }, speed: 100, cargo: { metal: 1000, crystal: 0, deuterium: 0 }, holdHours };
  const l = validateLaunch(e, planetOf(e).id, request, T0, DEFAULT_SETTINGS, world);
  if (!l.ok) throw new Error(l.code);
  return l.fleet;
}

const FLIGHT = 8830 * SECOND;

describe("recall (§8)", () => {
  it("turns an outbound fleet around: the way back takes the time flown, with the original cargo", () => {
    const f = fleet("transport");
    expect(f.returnAt).toBe(T0 + 2 * FLIGHT);
    const r = recallFleet(f, T0 + 1000 * SECOND);
    expect(r).toMatchObject({
      ok: true,
      fleet: { state: "returning", returnAt: T0 + 2000 * SECOND, cargo: { metal: 1000 }, arrivalAt: T0 + FLIGHT },
    });
    // a second before arrival: the return lasts the whole flight but one second
    const late = recallFleet(f, T0 + FLIGHT - SECOND);
    expect(late.ok && late.fleet.returnAt).toBe(T0 + 2 * FLIGHT - 2 * SECOND);
  });

  it("recalls a deploy fleet, which then returns", () => {
    const f = fleet("deploy");
    expect(f.returnAt).toBeNull();
    const r = recallFleet(f, T0 + 60 * SECOND);
    expect(r.ok && r.fleet).toMatchObject({ state: "returning", returnAt: T0 + 120 * SECOND });
  });

  it("ends a hold early: the way back takes the full flight time", () => {
    const f: Fleet = { ...fleet("acs_defend", 4), state: "holding" };
    expect(f.holdUntil).toBe(T0 + FLIGHT + 4 * HOUR);
    const now = T0 + FLIGHT + HOUR;
    const r = recallFleet(f, now);
    expect(r.ok && r.fleet).toMatchObject({ state: "returning", holdUntil: null, returnAt: now + FLIGHT });
  });

  it("refuses fleets already returning or arrived", () => {
    const f = fleet("transport");
    expect(recallFleet(f, T0 + FLIGHT)).toMatchObject({ ok: false, code: "cannot_recall" });
    const back = recallFleet(f, T0 + 10 * SECOND);
    if (!back.ok) throw new Error(back.code);
    expect(recallFleet(back.fleet, T0 + 11 * SECOND)).toMatchObject({ ok: false, code: "cannot_recall" });
    const held: Fleet = { ...fleet("acs_defend", 1), state: "holding" };
    expect(recallFleet(held, T0 + FLIGHT + HOUR)).toMatchObject({ ok: false, code: "cannot_recall" });
  });

  it("tells when each state's next step is due", () => {
    const f = fleet("acs_defend", 2);
    expect(fleetDueAt(f)).toBe(T0 + FLIGHT);
    expect(fleetDueAt({ ...f, state: "holding" })).toBe(T0 + FLIGHT + 2 * HOUR);
    expect(fleetDueAt({ ...f, state: "returning" })).toBe(T0 + 2 * FLIGHT + 2 * HOUR);
  });
});
