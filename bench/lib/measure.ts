/**
 * CPU over the play of a served workload, set-up left out: the marks `bench:rooms` and
 * `bench:profile` take when every room is under way, and what they come to per action; and the
 * same over a closed loop of HTTP requests.
 */
import { type LoadOptions, type LoadResult, runLoad } from "../../scripts/lib/load";
import { closedLoop, floorRooms, type RoomsLoad, type Sample } from "../floor/clients";
import { workerdCpuMs } from "./workerd";

/** CPU spent so far, in ms: by workerd (from /proc) and by this process, the load generator. */
export interface CpuMark {
  workerdMs: number;
  clientMs: number;
}

export function cpuNow(): CpuMark {
  const own = process.cpuUsage();
  return { workerdMs: workerdCpuMs(), clientMs: (own.user + own.system) / 1000 };
}

/** CPU per action since `from`, to the microsecond. */
export function cpuPerAction(from: CpuMark, actions: number): CpuMark {
  const now = cpuNow();
  const per = (ms: number) => Math.round((ms / Math.max(1, actions)) * 1000) / 1000;
  return { workerdMs: per(now.workerdMs - from.workerdMs), clientMs: per(now.clientMs - from.clientMs) };
}

/**
 * `closedLoop`, with the requests it made and workerd's CPU ms over it (from /proc: every workerd
 * this process started, an idle one adding next to nothing).
 */
export async function measuredLoop(clients: number, seconds: number, step: (client: number, i: number) => Promise<Sample>) {
  const from = workerdCpuMs();
  const figures = await closedLoop(clients, seconds, step);
  const requests = Object.values(figures).reduce((n, f) => n + f.latencyMs.count + f.failed, 0);
  return { figures, requests, cpuMs: workerdCpuMs() - from };
}

/**
 * `runLoad`, marked when every room is under way (`onPlay` runs then): the mark, null if the games
 * never got under way, and the actions made since.
 */
export async function loadFromPlay(options: LoadOptions, onPlay?: () => void): Promise<{ result: LoadResult; from: CpuMark | null; actions: number }> {
  let from: { mark: CpuMark; actions: number } | null = null;
  const result = await runLoad({
    ...options,
    progressEveryMs: 200,
    onProgress: (p) => {
      options.onProgress?.(p);
      if (from || p.stage !== "play" || p.roomsReady < p.rooms) return;
      from = { mark: cpuNow(), actions: p.actions };
      onPlay?.();
    },
  });
  const start = from as { mark: CpuMark; actions: number } | null;
  return { result, from: start?.mark ?? null, actions: result.actions - (start?.actions ?? 0) };
}

/** The floor's turn rooms, marked once every socket is open. */
export async function floorFromPlay(url: string, load: Omit<RoomsLoad, "onPlay">) {
  let from = cpuNow();
  const result = await floorRooms(url, {
    ...load,
    onPlay: () => {
      from = cpuNow();
    },
  });
  return { result, from };
}
