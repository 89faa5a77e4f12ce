import { db } from "../db/client";
import { purgeDevMail } from "../mail/dev";
import { purgeExpiredTokens } from "./account-tokens";
import { purgeFreedNames } from "./deletion";

/** The daily cron's account share: names held past their 30 days, tokens long expired, old dev mail. */
export async function purgeAccountHousekeeping(env: Env, now = Date.now()) {
  const d = db(env);
  return {
    freedNames: await purgeFreedNames(d, now),
    expiredTokens: await purgeExpiredTokens(d, now),
    devMail: await purgeDevMail(env, now),
  };
}
