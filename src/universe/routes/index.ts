import { router } from "../../http/router";
import { empireRoutes } from "./empire";
import { joinRoutes } from "./join";
import { shipyardRoutes } from "./shipyard";
import { socialRoutes } from "./social";
import { universeRoutes } from "./universes";

export const universeApi = router()
  .route("/", universeRoutes)
  .route("/", joinRoutes)
  .route("/", empireRoutes)
  .route("/", shipyardRoutes)
  .route("/", socialRoutes);
