import { router } from "../../http/router";
import { empireRoutes } from "./empire";
import { joinRoutes } from "./join";
import { socialRoutes } from "./social";
import { universeRoutes } from "./universes";

export const universeApi = router().route("/", universeRoutes).route("/", joinRoutes).route("/", empireRoutes).route("/", socialRoutes);
