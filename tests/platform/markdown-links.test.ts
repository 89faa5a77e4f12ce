/// <reference types="vite/client" />
/**
 * Every relative link in the repository's Markdown resolves within a clone: the file (or folder)
 * exists, and a `#fragment` into a Markdown file names one of its headings. Vite lists the files at
 * build time (`import.meta.glob`), so the check runs inside workerd with the rest of the suite.
 */
import { describe, expect, it } from "vitest";

// import.meta.glob takes literals only, hence the repeated exclusions.
const markdown = import.meta.glob<string>(["/**/*.md", "!/node_modules/**", "!/.wrangler/**"], {
  query: "?raw",
  import: "default",
  eager: true,
});
const files = new Set(Object.keys(import.meta.glob(["/**/*", "/.*", "/.ci/*", "!/node_modules/**", "!/.wrangler/**", "!/.git/**"])));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");

function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of text.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = slug(heading as string);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Resolves `target` against the folder of `from` (both repository paths starting with "/"). */
function resolve(from: string, target: string): string {
  const parts = target.startsWith("/") ? [] : from.split("/").slice(1, -1);
  for (const part of target.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function brokenLinks(): string[] {
  const broken: string[] = [];
  for (const [file, text] of Object.entries(markdown)) {
    // Code blocks and spans show syntax, not links.
    const prose = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    for (const [, raw] of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const link = raw as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // http:, mailto: …
      const [path = "", fragment] = link.split("#");
      const target = path === "" ? file : resolve(file, decodeURIComponent(path));
      const exists = files.has(target) || [...files].some((f) => f.startsWith(`${target}/`));
      if (!exists) {
        broken.push(`${file}: ${link} (no ${target})`);
        continue;
      }
      const targetText = markdown[target];
      if (fragment && targetText !== undefined && !anchors(targetText).has(fragment.toLowerCase())) {
        broken.push(`${file}: ${link} (no heading #${fragment} in ${target})`);
      }
    }
  }
  return broken;
}

describe("Markdown links", () => {
  it("finds the repository's Markdown", () => {
    expect(Object.keys(markdown)).toContain("/README.md");
    expect(files.has("/package.json")).toBe(true);
  });

  it("resolves every relative link and heading anchor within the clone", () => {
    expect(brokenLinks()).toEqual([]);
  });
});
