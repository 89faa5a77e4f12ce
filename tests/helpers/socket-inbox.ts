/**
 * Every message a test socket receives, kept in order, so a test can wait for one that arrived
 * before it started to look (`next`) or check one that must already be there (`find`).
 */
export function collect(ws: WebSocket) {
  const seen: any[] = [];
  const waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  let closed: { code: number } | null = null;
  ws.addEventListener("close", (e) => {
    closed = { code: e.code };
  });
  ws.addEventListener("message", (e) => {
    const msg = JSON.parse(String(e.data));
    seen.push(msg);
    for (const w of [...waiters])
      if (w.pred(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg);
      }
  });
  return {
    seen,
    get closed() {
      return closed;
    },
    next(pred: (m: any) => boolean, timeoutMs = 5000): Promise<any> {
      const hit = seen.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        waiters.push({ pred, resolve });
        setTimeout(
          () => reject(new Error(`no matching message; saw ${seen.map((m) => m.type + (m.code ? `:${m.code}` : "")).join(",")}`)),
          timeoutMs,
        );
      });
    },
    find(pred: (m: any) => boolean) {
      return seen.find(pred);
    },
  };
}
