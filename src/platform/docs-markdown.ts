/**
 * The small Markdown subset the OpenAPI descriptions use: paragraphs, `-` lists, `code`, **bold**,
 * *emphasis* and [links](url). The text is escaped first and only these forms are turned back
 * into tags, so a description can never inject markup into the docs page.
 */
export const escapeHtml = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

/** Links to the page itself, to /docs, /openapi.json or http(s) only: no `javascript:` URLs. */
const SAFE_HREF = /^(#|\/|https?:\/\/)/;

function inline(escaped: string): string {
  const codes: string[] = [];
  // Code spans first, so nothing inside them is read as emphasis or a link. A private-use character
  // marks where each goes back.
  const held = escaped.replace(/`([^`]+)`/g, (_, code: string) => `\uE000${codes.push(code) - 1}\uE000`);
  return held
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, text: string, href: string) =>
      SAFE_HREF.test(href) ? `<a href="${href}">${text}</a>` : whole,
    )
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>")
    .replace(/\uE000(\d+)\uE000/g, (_, i: string) => `<code>${codes[Number(i)]}</code>`);
}

export function renderMarkdown(text: unknown): string {
  const blocks = escapeHtml(text)
    .trim()
    .split(/\n\s*\n/);
  return blocks
    .filter((b) => b.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((l) => /^\s*[-*] /.test(l)))
        return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ""))}</li>`).join("")}</ul>`;
      return `<p>${inline(lines.join(" "))}</p>`;
    })
    .join("");
}
