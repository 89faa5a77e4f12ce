import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/platform/docs-markdown";
import { call, json } from "../helpers/http";

type Json = Record<string, any>;

async function page(): Promise<string> {
  const res = await call("/docs");
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("text/html");
  return res.text();
}

describe("/docs reference page", () => {
  it("loads nothing from another origin", async () => {
    const html = await page();
    const sources = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toEqual(["/docs/try-it.js"]);
    expect(html).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//);
    const script = await call("/docs/try-it.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("Content-Type")).toContain("javascript");
    expect(await script.text()).not.toMatch(/https?:\/\//);
  });

  it("lists every operation with an anchor and a try-it form, and links schemas by name", async () => {
    const html = await page();
    const doc = (await json(await call("/openapi.json"))) as Json;
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const [method, op] of Object.entries(item as Record<string, Json>)) {
        if (!html.includes(`id="${op.operationId}"`)) missing.push(`${method.toUpperCase()} ${path}`);
        const form = `<form class="try" data-method="${method}" data-path="${path}">`;
        if (op.responses["101"] === undefined && !html.includes(form)) missing.push(`${method.toUpperCase()} ${path} (try it)`);
      }
    }
    expect(missing).toEqual([]);
    for (const name of Object.keys(doc.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    expect(html).toContain('<a href="#schema-TokenResponse"><code>TokenResponse</code></a>');
    expect(html).toContain('<input id="token"');
  });

  it("renders descriptions as Markdown, escaped", async () => {
    const html = await page();
    // The refresh route's description has a code span: it must come out as <code>, not backticks.
    expect(html).toContain("<code>session_revoked</code>");
    expect(renderMarkdown("Use `a<b>` **now**, see [docs](/docs) and [x](javascript:alert(1))\n\n- one\n- two")).toBe(
      '<p>Use <code>a&lt;b&gt;</code> <strong>now</strong>, see <a href="/docs">docs</a> and [x](javascript:alert(1))</p><ul><li>one</li><li>two</li></ul>',
    );
  });
});
