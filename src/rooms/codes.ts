/**
 * Room codes: four uppercase letters, unique among live rooms (the D1 partial unique index decides
 * races). I and O are left out so a code read aloud or off a screen is not mistaken for 1 or 0.
 */
export const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ";
export const CODE_LENGTH = 4;
const CODE_PATTERN = /^[A-Z]{4}$/;

export function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH * 2));
  let out = "";
  for (let i = 0; out.length < CODE_LENGTH && i < bytes.length; i += 2) {
    const n = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    out += CODE_ALPHABET[n % CODE_ALPHABET.length];
  }
  return out;
}

/** Codes are looked up case-insensitively and with surrounding space ignored; null if malformed. */
export function normalizeCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}
