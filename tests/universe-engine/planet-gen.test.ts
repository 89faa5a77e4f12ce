import { describe, expect, it } from "vitest";
import {
  FIRST_PLACEMENT_CURSOR,
  generatePlanetStats,
  homeworldStats,
  pickHomeworldPosition,
  placeHomeworld,
  seededRng,
  UniverseSettingsSchema,
} from "../../src/universe/engine/index";

const FIELDS: Record<number, [number, number]> = { 1: [96, 172], 8: [156, 252], 15: [90, 164] };
const TEMP_MAX: Record<number, [number, number]> = { 1: [220, 260], 8: [30, 70], 15: [-130, -90] };

describe("seeded rng", () => {
  it("is reproducible and stays within bounds", () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const rolls = Array.from({ length: 1000 }, () => a.int(4, 12));
    expect(rolls).toEqual(Array.from({ length: 1000 }, () => b.int(4, 12)));
    expect(Math.min(...rolls)).toBe(4);
    expect(Math.max(...rolls)).toBe(12);
  });
});

describe("planet generation (§10)", () => {
  it.each([1, 8, 15])("rolls fields and temperature within position %i's ranges", (position) => {
    const settings = UniverseSettingsSchema.parse({ planetFieldsBonus: 10 });
    const rng = seededRng(position);
    for (let i = 0; i < 200; i++) {
      const stats = generatePlanetStats(position, rng, settings);
      const rolled = stats.fields - 10;
      expect(rolled).toBeGreaterThanOrEqual(FIELDS[position]?.[0] ?? Number.NaN);
      expect(rolled).toBeLessThanOrEqual(FIELDS[position]?.[1] ?? Number.NaN);
      expect(stats.temperature.max).toBeGreaterThanOrEqual(TEMP_MAX[position]?.[0] ?? Number.NaN);
      expect(stats.temperature.max).toBeLessThanOrEqual(TEMP_MAX[position]?.[1] ?? Number.NaN);
      expect(stats.temperature.min).toBe(stats.temperature.max - 40);
      expect(stats.diameter).toBe(Math.trunc(36.14 * rolled + 5697.23));
    }
  });

  it("gives homeworlds the classic 163 fields and 12 800 km", () => {
    const stats = homeworldStats(8, seededRng(1), UniverseSettingsSchema.parse({ planetFieldsBonus: 5 }));
    expect(stats).toMatchObject({ fields: 168, diameter: 12_800 });
    expect(stats.temperature.max).toBeGreaterThanOrEqual(30);
    expect(stats.temperature.max).toBeLessThanOrEqual(70);
  });

  it("refuses positions without a table row", () => {
    expect(() => generatePlanetStats(16, seededRng(1), UniverseSettingsSchema.parse({}))).toThrow(RangeError);
  });
});

describe("homeworld placement", () => {
  const settings = UniverseSettingsSchema.parse({ galaxies: 2, systems: 3 });

  it("picks a random free position from 4 to 12", () => {
    expect(pickHomeworldPosition([1, 4, 5, 6, 7, 8, 9, 10, 11, 13], seededRng(3))).toBe(12);
    expect(pickHomeworldPosition([4, 5, 6, 7, 8, 9, 10, 11, 12], seededRng(3))).toBeNull();
    const rng = seededRng(9);
    const picks = new Set(Array.from({ length: 500 }, () => pickHomeworldPosition([], rng)));
    expect([...picks].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("fills a system up to 2–3 planets in the first tier", () => {
    expect(placeHomeworld(FIRST_PLACEMENT_CURSOR, [], settings, seededRng(1))).toMatchObject({
      kind: "place",
      coords: { galaxy: 1, system: 1 },
    });
    expect(placeHomeworld(FIRST_PLACEMENT_CURSOR, [4, 7, 9], settings, seededRng(1))).toEqual({
      kind: "skip",
      next: { galaxy: 1, system: 2, tier: 1 },
    });
    const outcomes = new Set(
      Array.from({ length: 100 }, (_, seed) => placeHomeworld(FIRST_PLACEMENT_CURSOR, [4, 7], settings, seededRng(seed)).kind),
    );
    expect(outcomes).toEqual(new Set(["place", "skip"]));
  });

  it("walks systems, then galaxies, then raises the tier, until the universe is full", () => {
    const full = [4, 5, 6, 7, 8, 9, 10, 11, 12];
    expect(placeHomeworld({ galaxy: 1, system: 3, tier: 1 }, full, settings, seededRng(1))).toEqual({
      kind: "skip",
      next: { galaxy: 2, system: 1, tier: 1 },
    });
    expect(placeHomeworld({ galaxy: 2, system: 3, tier: 1 }, full, settings, seededRng(1))).toEqual({
      kind: "skip",
      next: { galaxy: 1, system: 1, tier: 2 },
    });
    expect(placeHomeworld({ galaxy: 1, system: 1, tier: 2 }, [4, 5, 6, 7, 8], settings, seededRng(1)).kind).toBe("place");
    expect(placeHomeworld({ galaxy: 1, system: 1, tier: 3 }, [1, 2, 3, 13, 14, 15, 4, 5], settings, seededRng(1))).toMatchObject({
      kind: "place",
      coords: { position: expect.any(Number) },
    });
    expect(placeHomeworld({ galaxy: 2, system: 3, tier: 3 }, full, settings, seededRng(1))).toEqual({ kind: "full" });
  });
});
