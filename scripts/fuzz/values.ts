/** Hostile values shared by the request and frame generators. */
import type { Rng } from "../../src/lib/rng";

/**
 * Number tokens written into JSON text as they are: some are valid JSON (huge, negative,
 * fractional, beyond 2^53, overflowing to Infinity), some are not (NaN, Infinity, hex, `+1`).
 */
export const NUMBER_TOKENS = [
  "1e308",
  "-1e308",
  "1e400",
  "-1e400",
  "9007199254740993",
  "-9007199254740993",
  "18446744073709551616",
  "2147483648",
  "-1",
  "0",
  "-0",
  "0.5",
  "-0.5",
  "1.0000000001",
  "3.14159",
  "1e-320",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "+1",
  ".5",
  "01",
];

export function hostileString(rng: Rng): string {
  return rng.pick([
    () => "",
    () => " ",
    () => "\u0000",
    () => "a\u0000b",
    () => "\ud800",
    () => "\udfff\ud800",
    () => "\u202eevil",
    () => "\u200b\u200b",
    () => "😀".repeat(rng.int(1, 3000)),
    () => "x".repeat(10_240),
    () => "𝕳𝖊𝖑𝖑𝖔 Ω≈ç√∫ ＡＢＣ",
    () => "' OR '1'='1",
    () => '"; DROP TABLE users; --',
    () => "<script>alert(1)</script>",
    () => "../../../etc/passwd",
    () => "%00",
    () => ["$", "{7*7}{{7*7}}"].join(""),
    () => "\r\nSet-Cookie: x=1",
    () => "__proto__",
    () => "constructor",
    () => "NaN",
    () => "1e309",
    () => "\t\n\v\f\r",
    () => "a".repeat(rng.int(33, 200)),
  ])();
}

/** A value of some JSON type other than `notType`. */
export function wrongType(rng: Rng, notType: string): unknown {
  const candidates: [string, unknown][] = [
    ["null", null],
    ["boolean", true],
    ["boolean", false],
    ["integer", -1],
    ["number", 1.5],
    ["string", ""],
    ["string", "str"],
    ["array", []],
    ["array", [1, "a", null]],
    ["object", {}],
    ["object", { a: { b: [1] } }],
  ];
  const others = candidates.filter(
    ([t]) => t !== notType && !(notType === "number" && t === "integer") && !(notType === "integer" && t === "number"),
  );
  return rng.pick(others)[1];
}

/**
 * Path segments, already in request-target form (percent-encoded where needed). Raw non-ASCII
 * bytes are left out: workerd refuses such a target itself (400 `invalid URI`, plain text) before
 * any Worker runs.
 */
export function hostileSegment(rng: Rng): string {
  return rng.pick([
    () => "..",
    () => "%2e%2e",
    () => ".",
    () => "%2E",
    () => "%00",
    () => "a%00b",
    () => "%2F",
    () => "a%2Fb",
    () => "%ZZ",
    () => "%",
    () => "%C0%AF",
    () => "%E2%80%AE",
    () => "%F0%9F%98%80".repeat(rng.int(1, 200)),
    () => "x".repeat(10_240),
    () => "7".repeat(10_240),
    () => "-1",
    () => "0",
    () => "1.5",
    () => "1e309",
    () => "NaN",
    () => "9007199254740993",
    () => "%20",
    () => "~",
    () => "__proto__",
    () => "%0d%0a",
    () => "%27%22%3C%3E",
    () => "",
  ])();
}

/** encodeURIComponent, except that a lone surrogate becomes the (invalid UTF-8) bytes it would have. */
function percentEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[\ud800-\udfff]/g, "%ED%A0%80").replace(/[^%\w.~-]/g, (ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return "%ED%A0%80";
      }
    });
  }
}

/** Query values, in request-target form. */
export function hostileQueryValue(rng: Rng): string {
  return rng.pick([
    () => rng.pick(NUMBER_TOKENS),
    () => percentEncode(hostileString(rng)),
    () => hostileSegment(rng),
    () => "true",
    () => "",
  ])();
}

/** Printable-ASCII garbage (a text frame or body that is not JSON). */
export function garbageText(rng: Rng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(rng.int(32, 126));
  return s;
}

export function randomBytes(rng: Rng, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.int(0, 255);
  return out;
}

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels. */
export function deepJson(rng: Rng, depth: number): string {
  return rng.chance(0.5) ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/**
 * JSON.stringify, with `RawJson` values written as their raw text (so a body can hold `1e400` or
 * `NaN` where a number belongs).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export function stringify(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `@@RAW${raws.length - 1}@@`;
    }
    return v;
  });
  return (text ?? "null").replace(/"@@RAW(\d+)@@"/g, (_m, i: string) => raws[Number(i)] as string);
}
