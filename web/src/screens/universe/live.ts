/**
 * Resources between server updates, interpolated on the client from the hourly rates the server
 * sent, with the engine's own accrual (production fills up to the capacity; consumption empties).
 */
export { accrueResources as liveResources } from "../../../../src/universe/engine/accrual";

export const objectName = (o: string): string => o.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
