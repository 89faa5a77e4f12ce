import { router } from "../http/router";
import { adminAuditRoutes } from "./audit";
import { adminDebrisRoutes } from "./debris";
import { adminMoonRoutes } from "./moons";
import { adminRoomRoutes } from "./rooms";
import { adminUniverseRoutes } from "./universes";
import { adminUserRoutes } from "./users";

/** The admin console's API. Roles are checked per route: moderators ban, unban, mute and look up users; admins do everything. */
export const adminRoutes = router()
  .route("/", adminUserRoutes)
  .route("/", adminRoomRoutes)
  .route("/", adminUniverseRoutes)
  .route("/", adminDebrisRoutes)
  .route("/", adminMoonRoutes)
  .route("/", adminAuditRoutes);
