import { router } from "../../http/router";
import { battleCalcRoutes } from "./battle-calc";
import { buddyRoutes } from "./buddies";
import { empireRoutes } from "./empire";
import { fleetRoutes } from "./fleets";
import { joinRoutes } from "./join";
import { marketRoutes } from "./market";
import { missileRoutes } from "./missiles";
import { moonRoutes } from "./moons";
import { reportRoutes } from "./reports";
import { shipyardRoutes } from "./shipyard";
import { socialRoutes } from "./social";
import { unionRoutes } from "./unions";
import { universeRoutes } from "./universes";

export const universeApi = router()
  .route("/", universeRoutes)
  .route("/", battleCalcRoutes)
  .route("/", joinRoutes)
  .route("/", empireRoutes)
  .route("/", shipyardRoutes)
  .route("/", marketRoutes)
  .route("/", fleetRoutes)
  .route("/", socialRoutes)
  .route("/", reportRoutes)
  .route("/", buddyRoutes)
  .route("/", missileRoutes)
  .route("/", unionRoutes)
  .route("/", moonRoutes);
