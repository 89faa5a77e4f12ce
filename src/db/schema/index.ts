export * from "./accounts";
export * from "./history";
export * from "./rooms";
export * from "./universes";
