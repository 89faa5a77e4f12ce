export * from "./accounts";
export * from "./audit";
export * from "./history";
export * from "./market";
export * from "./rooms";
export * from "./universes";
export * from "./tcg";
export * from "./world";
