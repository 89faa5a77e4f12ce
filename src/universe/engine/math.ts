/**
 * Relative tolerance for floor/ceil of products of decimal factors such as 1.1^L × 0.9: the
 * exact value of `30 × 1.1` is 33, but binary floating point may land a hair above it, and a
 * naive ceil would then yield 34. Accumulated representation error is ~1e-15 relative.
 */
const SNAP = 1e-12;

function nearestInteger(x: number): number | undefined {
  const r = Math.round(x);
  return Math.abs(x - r) <= SNAP * Math.max(1, Math.abs(x)) ? r : undefined;
}

/** floor() of a value computed in floating point, treating near-integers as exact. */
export function floorExact(x: number): number {
  return nearestInteger(x) ?? Math.floor(x);
}

/** ceil() of a value computed in floating point, treating near-integers as exact. */
export function ceilExact(x: number): number {
  return nearestInteger(x) ?? Math.ceil(x);
}

/** Rounds half away from zero (PHP's round), unlike Math.round which rounds half up. */
export function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}
