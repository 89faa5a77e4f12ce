import { runInDurableObject } from "cloudflare:test";

type WithEnv = { env: Env; realEnv?: Env };

/**
 * Makes one running object see a D1 that fails every call, to exercise its retry paths. `message`
 * imitates a specific D1 error (e.g. one that no retry can fix).
 */
export async function breakD1(stub: DurableObjectStub, message = "D1 is down"): Promise<void> {
  await runInDurableObject(stub, (instance: object) => {
    const self = instance as WithEnv;
    self.realEnv = self.env;
    const failing = {
      prepare: () => {
        throw new Error(message);
      },
      batch: () => Promise.reject(new Error(message)),
    };
    self.env = { ...self.env, DB: failing as unknown as D1Database };
  });
}

/** Undoes `breakD1`. */
export async function restoreD1(stub: DurableObjectStub): Promise<void> {
  await runInDurableObject(stub, (instance: object) => {
    const self = instance as WithEnv;
    self.env = self.realEnv as Env;
  });
}
