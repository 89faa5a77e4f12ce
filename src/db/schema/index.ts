export * from "./accounts";
export * from "./rooms";
export * from "./universes";
