import { z } from "@hono/zod-openapi";
import { MISSIONS } from "./engine/index";

export const UniverseParam = z.object({ u: z.string().min(1).max(64).openapi({ example: "milky-way" }) });
export const PlanetParam = UniverseParam.extend({ p: z.string().min(1).max(64) });
export const BuildingParam = PlanetParam.extend({ object: z.string().min(1).max(64).openapi({ example: "metal_mine" }) });

const resources = z.object({ metal: z.number(), crystal: z.number(), deuterium: z.number() }).openapi("Resources");
const price = z.looseObject({ metal: z.number(), crystal: z.number(), deuterium: z.number(), energy: z.number() }).openapi("Price");
const coords = z.object({ galaxy: z.number().int(), system: z.number().int(), position: z.number().int() }).openapi("Coordinates");
const queueEntry = z
  .looseObject({
    id: z.string(),
    kind: z.enum(["build", "demolish", "research"]),
    object: z.string(),
    planetId: z.string(),
    level: z.number().int(),
    startedAt: z.number().optional(),
    endsAt: z.number().optional(),
    cost: price.optional(),
  })
  .openapi("QueueEntry");
const UnitQueueEntrySchema = z
  .object({
    id: z.string(),
    unit: z.string().openapi({ example: "light_fighter" }),
    count: z.number().int().openapi({ description: "Units still to finish" }),
    ordered: z.number().int(),
    unitSeconds: z.number().int(),
    startedAt: z.number().openapi({ description: "When the next unit started (or starts, for a batch behind another), ms epoch" }),
    cost: price.openapi({ description: "Paid for the whole batch when ordered" }),
  })
  .openapi("UnitQueueEntry");
const unitCounts = z.record(z.string(), z.number().int()).openapi({ example: { light_fighter: 12 } });
const step = z.object({ level: z.number().int(), cost: price, seconds: z.number().int() }).nullable();

export const UniverseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    createdAt: z.number(),
    settings: z.record(z.string(), z.unknown()),
  })
  .openapi("Universe");

export const CreateUniverseRequest = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/)
      .openapi({ example: "andromeda" }),
    name: z.string().min(1).max(80),
    settings: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({ description: "Universe settings (rules §0); omitted keys take defaults" }),
  })
  .openapi("CreateUniverseRequest");

export const JoinRequest = z
  .object({
    galaxy: z.number().int().min(1).optional(),
    system: z.number().int().min(1).optional(),
    position: z.number().int().min(1).max(15).optional(),
    planetName: z.string().min(1).max(40).optional(),
  })
  .refine(
    (b) => [b.galaxy, b.system, b.position].every((v) => v === undefined) || [b.galaxy, b.system, b.position].every((v) => v !== undefined),
    {
      message: "give galaxy, system and position together, or none of them",
    },
  )
  .openapi("JoinRequest");

export const PlanetSummarySchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    coords,
    resources,
    hourly: resources,
    capacity: resources,
    fields: z.object({ used: z.number(), max: z.number() }),
    building: queueEntry.nullable(),
    queueLength: z.number().int(),
  })
  .openapi("PlanetSummary");

export const EmpireSchema = z
  .looseObject({
    playerId: z.string(),
    at: z.number(),
    planets: z.array(PlanetSummarySchema),
    research: z.record(z.string(), z.number()),
    researchQueue: z.array(queueEntry),
    score: z.object({
      total: z.number(),
      buildings: z.number().openapi({ description: "Economy part" }),
      research: z.number(),
      military: z.number().openapi({ description: "Ships and defences that exist" }),
    }),
  })
  .openapi("Empire");

export const JoinResponse = z
  .object({ universeId: z.string(), shard: z.number().int(), homeworld: coords, empire: EmpireSchema })
  .openapi("JoinResponse");

export const BuildingViewSchema = z
  .object({
    object: z.string(),
    id: z.number().int(),
    level: z.number().int(),
    next: step,
    canBuild: z.boolean(),
    buildBlockedBy: z.string().nullable(),
    demolish: step,
    canDemolish: z.boolean(),
    demolishBlockedBy: z.string().nullable(),
  })
  .openapi("BuildingView");

export const PlanetViewSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    coords,
    temperature: z.object({ min: z.number(), max: z.number() }),
    diameter: z.number(),
    at: z.number().openapi({ description: "Instant (ms) the resources are valid at; interpolate with production" }),
    resources,
    capacity: resources,
    production: z.looseObject({
      factor: z.number(),
      energyProduced: z.number(),
      energyUsed: z.number(),
      hourly: resources.openapi({ description: "Net output per hour: what a client interpolates the stock with" }),
      producers: z.array(
        z.looseObject({ object: z.string(), level: z.number().int(), percent: z.number().int(), energy: z.number() }),
      ),
    }),
    fields: z.object({ used: z.number(), max: z.number() }),
    buildQueue: z.array(queueEntry),
    buildings: z.array(BuildingViewSchema),
    ships: unitCounts,
    defenses: unitCounts.openapi({ example: { rocket_launcher: 40 } }),
    unitQueue: z.array(UnitQueueEntrySchema),
    jumpGateReadyAt: z
      .number()
      .int()
      .optional()
      .openapi({ description: "A moon's jump gate: when it may jump again (ms epoch); absent before its first jump" }),
  })
  .openapi("PlanetView");

export const ShipyardViewSchema = z
  .object({
    planetId: z.string(),
    at: z.number().openapi({ description: "Instant (ms) the counts are valid at" }),
    queue: z.array(UnitQueueEntrySchema),
    units: z.array(
      z.object({
        unit: z.string().openapi({ example: "light_fighter" }),
        id: z.number().int().openapi({ example: 204 }),
        kind: z.enum(["ship", "defense"]),
        count: z.number().int().openapi({ description: "Finished units on the planet" }),
        queued: z.number().int(),
        cost: price.openapi({ description: "Price of one unit" }),
        seconds: z.number().int().openapi({ description: "Build time of one unit" }),
        maxOrder: z.number().int().openapi({ description: 'What `count: "max"` would order now' }),
        blockedBy: z.string().nullable().openapi({ example: null }),
      }),
    ),
  })
  .openapi("ShipyardView");

export const OrderUnitsRequest = z
  .object({
    unit: z.string().min(1).max(64).openapi({ example: "light_fighter" }),
    count: z.union([z.number(), z.literal("max")]).openapi({
      description: 'Whole number from 1 to 1 000 000, or "max": as many as the stock pays for within the planet\'s limits',
      example: 10,
    }),
  })
  .openapi("OrderUnitsRequest", { example: { unit: "light_fighter", count: 10 } });

export const ResearchViewSchema = z
  .object({
    planetId: z.string(),
    queue: z.array(queueEntry),
    technologies: z.array(
      z.object({
        object: z.string(),
        id: z.number().int(),
        level: z.number().int(),
        next: step,
        canResearch: z.boolean(),
        blockedBy: z.string().nullable(),
      }),
    ),
  })
  .openapi("ResearchOverview");

export const RenameRequest = z.object({ name: z.string().min(1).max(40) }).openapi("RenamePlanetRequest");
export const PercentRequest = z.object({ percent: z.number().int().min(0).max(100).multipleOf(10) }).openapi("ProductionPercentRequest");
export const ResearchRequest = z.object({ planet: z.string().min(1).max(64) }).openapi("ResearchRequest");

export const NotificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    message: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.number(),
    read: z.boolean(),
  })
  .openapi("Notification");
export const NotificationPage = z
  .object({ notifications: z.array(NotificationSchema), unread: z.number().int(), nextBefore: z.number().int().nullable() })
  .openapi("NotificationPage");

export const SlotsResponse = z
  .object({
    galaxy: z.number().int(),
    system: z.number().int(),
    free: z.array(z.number().int()),
    homeworldAllowed: z.array(z.number().int()),
  })
  .openapi("FreeSlots");

export const SystemViewSchema = z
  .object({
    galaxy: z.number().int(),
    system: z.number().int(),
    positions: z.array(
      z.object({
        position: z.number().int(),
        planet: z
          .object({
            id: z.string(),
            name: z.string(),
            owner: z.object({ id: z.string(), username: z.string(), rank: z.number().int().nullable() }),
          })
          .nullable(),
        debris: z
          .object({ metal: z.number().int(), crystal: z.number().int(), deuterium: z.number().int() })
          .nullable()
          .openapi({ description: "The debris field at the position, if anything is left in it" }),
        moon: z
          .object({ id: z.string(), name: z.string(), diameter: z.number().int() })
          .nullable()
          .openapi({ description: "The planet's moon, if a battle made one (its owner is the planet's)" }),
      }),
    ),
  })
  .openapi("SystemView");

export const HighscoreSchema = z
  .object({
    total: z.number().int(),
    entries: z.array(z.object({ rank: z.number().int(), userId: z.string(), username: z.string(), points: z.number().int() })),
    me: z.object({ rank: z.number().int(), points: z.number().int() }).nullable(),
  })
  .openapi("Highscore");

export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const fleetTarget = z
  .object({
    galaxy: z.number().int(),
    system: z.number().int(),
    position: z.number().int(),
    kind: z.enum(["planet", "moon", "debris"]),
  })
  .openapi("FleetTarget");

export const LaunchFleetRequest = z
  .object({
    from: z.string().min(1).max(64).openapi({ description: "Id of the planet the fleet leaves from" }),
    to: fleetTarget,
    mission: z.enum(MISSIONS),
    ships: z.record(z.string(), z.number().int().min(0).max(1_000_000_000)).openapi({ example: { small_cargo: 5 } }),
    cargo: z
      .object({ metal: z.number().default(0), crystal: z.number().default(0), deuterium: z.number().default(0) })
      .prefault({})
      .openapi({ description: "Resources to carry (whole, non-negative; within the ships' cargo capacity)" }),
    speed: z.number().default(100).openapi({ description: "Percent, 10–100 in steps of 5" }),
    holdHours: z.number().optional().openapi({ description: "ACS defend only: whole hours, 1–32" }),
    unionId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "ACS attack only: the union to join (see `GET …/unions`); the fleet arrives with the union" }),
  })
  .openapi("LaunchFleetRequest");

export const FleetSchema = z
  .object({
    id: z.string().openapi({ description: "UUIDv7: fleets sort by launch" }),
    mission: z.enum(MISSIONS),
    state: z.enum(["outbound", "holding", "recalling", "returning"]).openapi({
      description: "`recalling` until the target's object confirms the recall (immediately when it lives in the same shard)",
    }),
    from: coords.extend({ planetId: z.string(), kind: z.enum(["planet", "moon"]) }),
    to: fleetTarget,
    targetPlanetId: z.string().nullable(),
    ships: unitCounts,
    cargo: resources,
    speed: z.number().int(),
    fuel: z.number().int().openapi({ description: "Deuterium burnt for the whole trip, taken at launch" }),
    departureAt: z.number(),
    arrivalAt: z.number(),
    returnAt: z.number().nullable().openapi({ description: "Null for a deploy, which ends at its target" }),
    recalledAt: z.number().nullable(),
    outcome: z.string().nullable().openapi({
      description: "Once known: `delivered`, `target_gone`, `recalled`, `colonised`, `collected`, `battle`, `spied`, …",
    }),
    unionId: z.string().nullable().openapi({ description: "ACS attack: the union the fleet flies in" }),
  })
  .openapi("Fleet");

/** Another player's fleet heading to one of the player's planets; a hostile one shows no ships, and no fleet shows its cargo. */
export const IncomingFleetSchema = z
  .object({
    fleetId: z.string(),
    ownerId: z.string(),
    ownerUsername: z.string(),
    mission: z.enum(MISSIONS),
    origin: coords,
    target: fleetTarget,
    targetPlanetId: z.string().nullable(),
    departureAt: z.number(),
    arrivalAt: z.number(),
    ships: unitCounts.optional().openapi({ description: "Peaceful missions only (transport): a hostile fleet's composition stays hidden" }),
  })
  .openapi("IncomingFleet");

/** A buddy's fleet holding at one of the player's planets (ACS defend): a friend's ships show, its cargo does not. */
export const HoldingFleetSchema = z
  .object({
    fleetId: z.string(),
    ownerId: z.string(),
    ownerUsername: z.string(),
    origin: coords,
    target: fleetTarget,
    targetPlanetId: z.string().nullable(),
    arrivalAt: z.number(),
    holdUntil: z.number().openapi({ description: "When the fleet leaves; it fights beside the planet's owner until then" }),
    ships: unitCounts,
  })
  .openapi("HoldingFleet");

export const FleetListSchema = z
  .object({
    fleets: z.array(FleetSchema),
    incoming: z.array(IncomingFleetSchema).openapi({ description: "Other players' fleets on their way to one's planets, soonest first" }),
    holding: z
      .array(HoldingFleetSchema)
      .openapi({ description: "Buddies' fleets holding at one's planets (ACS defend), ending soonest first" }),
    slots: z.number().int(),
  })
  .openapi("FleetList");
export const FleetParam = UniverseParam.extend({ id: z.string().min(1).max(64) });

/** An ACS attack union as its players see it: who leads, whom it invites, where and when it strikes, how many fleets fly in it. */
export const UnionSchema = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    ownerUsername: z.string(),
    invited: z.array(z.string()).openapi({ description: "Ids of the invited players (at most 4)" }),
    target: fleetTarget,
    arrivalAt: z.number().openapi({ description: "When every member arrives; a slower member that joins moves it later" }),
    fleets: z.number().int().openapi({ description: "Member fleets (at most 16)" }),
    arrivalOwner: z.string().openapi({ description: "The target's shard, which keeps the union" }),
    ended: z.boolean(),
    seq: z.number().int().openapi({ description: "Grows with every change; a socket `union` frame with a higher seq replaces the view" }),
  })
  .openapi("Union");

export const UnionListSchema = z.object({ unions: z.array(UnionSchema) }).openapi("UnionList");

export const FormUnionRequest = z
  .object({
    invite: z
      .array(z.string().min(1).max(64))
      .max(16)
      .openapi({ description: "Usernames or user ids of members of the universe; at most 4 (`union_full` beyond)" }),
  })
  .openapi("FormUnionRequest");
