export * from "./accounts";
export * from "./audit";
export * from "./combat";
export * from "./history";
export * from "./rooms";
export * from "./universes";
