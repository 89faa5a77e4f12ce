/** Client routes: the path as a signal, links that push history, and patterns with `:params`. */
import { signal } from "@preact/signals";

export const path = signal(location.pathname);

addEventListener("popstate", () => {
  path.value = location.pathname;
});

export function navigate(to: string): void {
  history.pushState(null, "", to);
  path.value = new URL(to, location.origin).pathname;
  scrollTo(0, 0);
}

/** The params of `pattern` (`/golf/rooms/:id`) if `current` matches it, else null. */
export function match(pattern: string, current: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = current.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(":")) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}

/** What the Worker answers rather than the app (wrangler.toml `run_worker_first`): links there load the page. */
const WORKER_PATHS = ["/v1/", "/docs", "/openapi.json", "/healthz", "/readyz", "/metrics"];

/** Same-origin links navigate without a reload; modified clicks keep the browser's behaviour. */
addEventListener("click", (e) => {
  const a = (e.target as Element | null)?.closest?.("a");
  if (!a || a.target || a.hasAttribute("download") || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || WORKER_PATHS.some((p) => url.pathname.startsWith(p))) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
