import { type Failure, fail } from "./errors";

const ALLOWED = /^[\p{L}\p{N}](?:[\p{L}\p{N}._-]| (?! ))*$/u;

/** Planet names: 2–20 letters, digits, `.`, `_`, `-` and single spaces, trimmed. */
export function validPlanetName(name: string): string | Failure {
  const trimmed = name.trim();
  const length = [...trimmed].length;
  if (length < 2 || length > 20 || !ALLOWED.test(trimmed)) {
    return fail("invalid_name", "a planet name has 2–20 letters, digits, single spaces, dots, dashes or underscores");
  }
  return trimmed;
}
