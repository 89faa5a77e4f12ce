/** A small `--flag value` / `--flag=value` / `--switch` parser for the bench and load-test CLIs. */
export class Args {
  private readonly values = new Map<string, string>();

  constructor(argv: readonly string[] = process.argv.slice(2)) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] as string;
      if (!arg.startsWith("--")) throw new Error(`unexpected argument ${JSON.stringify(arg)} (flags look like --name value)`);
      const eq = arg.indexOf("=");
      if (eq > 0) {
        this.values.set(arg.slice(2, eq), arg.slice(eq + 1));
      } else if (i + 1 < argv.length && !(argv[i + 1] as string).startsWith("--")) {
        this.values.set(arg.slice(2), argv[++i] as string);
      } else {
        this.values.set(arg.slice(2), "true");
      }
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string, fallback: string): string {
    return this.values.get(name) ?? fallback;
  }

  flag(name: string): boolean {
    const v = this.values.get(name);
    return v !== undefined && v !== "false" && v !== "0";
  }

  /** A finite number within [min, max]; throws with the flag's name otherwise. */
  number(name: string, fallback: number, min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): number {
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got ${raw}`);
    return n;
  }

  /** Flags that were given but never read: almost always a typo. */
  unknown(known: readonly string[]): string[] {
    return [...this.values.keys()].filter((k) => !known.includes(k));
  }
}
