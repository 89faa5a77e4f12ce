/**
 * Examples for the OpenAPI documentation of the universe routes, captured from real responses of `npm run dev`
 * (long lists cut to two entries). `jsonResponse`/`jsonBody` type-check them against their schemas.
 */
import type { z } from "@hono/zod-openapi";
import { DEFAULT_SETTINGS } from "./engine/settings";
import type {
  EmpireSchema,
  FleetListSchema,
  FleetSchema,
  HighscoreSchema,
  JoinResponse,
  NotificationPage,
  PlanetViewSchema,
  ResearchViewSchema,
  ShipyardViewSchema,
  SlotsResponse,
  SystemViewSchema,
  UniverseSchema,
} from "./schemas";

/** A universe */
export const universeExample = {
  id: "andromeda",
  name: "Andromeda",
  isDefault: false,
  createdAt: 1796032447780,
  settings: { ...DEFAULT_SETTINGS, economySpeed: 1000 },
} satisfies z.input<typeof UniverseSchema>;

/** Universes */
export const universeListExample = {
  universes: [
    {
      id: "milky-way",
      name: "Milky Way",
      isDefault: true,
      createdAt: 0,
      settings: DEFAULT_SETTINGS,
    },
    universeExample,
  ],
} satisfies { universes: z.input<typeof UniverseSchema>[] };

/** The object catalog */
export const catalogExample = {
  buildings: [
    {
      kind: "building",
      id: 1,
      name: "metal_mine",
      price: {
        metal: 60,
        crystal: 15,
        deuterium: 0,
        energy: 0,
      },
      factor: 1.5,
      requirements: [],
      planetOnly: true,
      moonOnly: false,
      usesField: true,
      downgradable: true,
    },
    {
      kind: "building",
      id: 2,
      name: "crystal_mine",
      price: {
        metal: 48,
        crystal: 24,
        deuterium: 0,
        energy: 0,
      },
      factor: 1.6,
      requirements: [],
      planetOnly: true,
      moonOnly: false,
      usesField: true,
      downgradable: true,
    },
  ],
  research: [
    {
      kind: "research",
      id: 113,
      name: "energy_technology",
      price: {
        metal: 0,
        crystal: 800,
        deuterium: 400,
        energy: 0,
      },
      factor: 2,
      requirements: [
        {
          object: "research_lab",
          level: 1,
        },
      ],
      roundToHundred: false,
    },
    {
      kind: "research",
      id: 120,
      name: "laser_technology",
      price: {
        metal: 200,
        crystal: 100,
        deuterium: 0,
        energy: 0,
      },
      factor: 2,
      requirements: [
        {
          object: "energy_technology",
          level: 2,
        },
        {
          object: "research_lab",
          level: 1,
        },
      ],
      roundToHundred: false,
    },
  ],
  ships: [
    {
      kind: "ship",
      id: 202,
      name: "small_cargo",
      price: {
        metal: 2000,
        crystal: 2000,
        deuterium: 0,
        energy: 0,
      },
      requirements: [
        {
          object: "shipyard",
          level: 2,
        },
        {
          object: "combustion_drive",
          level: 2,
        },
      ],
      stats: {
        structuralIntegrity: 4000,
        shield: 10,
        attack: 5,
        speed: 5000,
        cargo: 5000,
        fuelCapacity: 5000,
        fuel: 10,
      },
      drive: "combustion_drive",
      speedUpgrades: [
        {
          drive: "impulse_drive",
          level: 5,
          speed: 10000,
        },
      ],
      rapidFire: {
        espionage_probe: 5,
        solar_satellite: 5,
        crawler: 5,
      },
      civil: true,
      characterClass: null,
      planetOnly: false,
    },
    {
      kind: "ship",
      id: 203,
      name: "large_cargo",
      price: {
        metal: 6000,
        crystal: 6000,
        deuterium: 0,
        energy: 0,
      },
      requirements: [
        {
          object: "shipyard",
          level: 4,
        },
        {
          object: "combustion_drive",
          level: 6,
        },
      ],
      stats: {
        structuralIntegrity: 12000,
        shield: 25,
        attack: 5,
        speed: 7500,
        cargo: 25000,
        fuelCapacity: 25000,
        fuel: 50,
      },
      drive: "combustion_drive",
      speedUpgrades: [],
      rapidFire: {
        espionage_probe: 5,
        solar_satellite: 5,
        crawler: 5,
      },
      civil: true,
      characterClass: null,
      planetOnly: false,
    },
  ],
  defenses: [
    {
      kind: "defense",
      id: 401,
      name: "rocket_launcher",
      price: {
        metal: 2000,
        crystal: 0,
        deuterium: 0,
        energy: 0,
      },
      requirements: [
        {
          object: "shipyard",
          level: 1,
        },
      ],
      stats: {
        structuralIntegrity: 2000,
        shield: 20,
        attack: 80,
      },
      maxCount: null,
      siloSlots: null,
      inCombat: true,
    },
    {
      kind: "defense",
      id: 402,
      name: "light_laser",
      price: {
        metal: 1500,
        crystal: 500,
        deuterium: 0,
        energy: 0,
      },
      requirements: [
        {
          object: "shipyard",
          level: 2,
        },
        {
          object: "laser_technology",
          level: 3,
        },
      ],
      stats: {
        structuralIntegrity: 2000,
        shield: 25,
        attack: 100,
      },
      maxCount: null,
      siloSlots: null,
      inCombat: true,
    },
  ],
};

/** A cost calculation */
export const costExample = {
  object: "metal_mine",
  kind: "building",
  amount: 5,
  cost: {
    metal: 303,
    crystal: 75,
    deuterium: 0,
    energy: 0,
  },
  seconds: 1,
  cumulativeCost: {
    metal: 791,
    crystal: 197,
    deuterium: 0,
    energy: 0,
  },
  demolition: {
    cost: {
      metal: 303,
      crystal: 75,
      deuterium: 0,
      energy: 0,
    },
    seconds: 1,
  },
};

/** A production report */
export const productionExample = {
  producers: [
    {
      object: "metal_mine",
      level: 10,
      percent: 100,
      metal: 1050465,
      crystal: 0,
      deuterium: 0,
      energy: -260,
    },
    {
      object: "crystal_mine",
      level: 0,
      percent: 100,
      metal: 0,
      crystal: 0,
      deuterium: 0,
      energy: 0,
    },
  ],
  basicIncome: {
    metal: 40500,
    crystal: 15000,
    deuterium: 0,
  },
  energyProduced: 518,
  energyUsed: 260,
  factor: 100,
  fusionStarved: false,
  hourly: {
    metal: 1090965,
    crystal: 15000,
    deuterium: 0,
  },
};

/** The homeworld as the empire overview lists it */
const homeworldExample = {
  id: "9906c01e-ea30-4fb3-8b46-3ba5c8f8e8d4",
  name: "Homeworld",
  type: "planet",
  coords: {
    galaxy: 1,
    system: 1,
    position: 12,
  },
  resources: {
    metal: 602.23,
    crystal: 551.11,
    deuterium: 0,
  },
  hourly: {
    metal: 30000,
    crystal: 15000,
    deuterium: 0,
  },
  capacity: {
    metal: 10000,
    crystal: 10000,
    deuterium: 10000,
  },
  fields: {
    used: 0,
    max: 163,
  },
  building: null,
  queueLength: 0,
} satisfies z.input<typeof EmpireSchema>["planets"][number];

/** An empire overview */
export const empireExample = {
  playerId: "a686fc54-97dc-425f-b07d-126d47283f67",
  at: 1796032460323,
  planets: [homeworldExample],
  research: {},
  researchQueue: [],
  score: {
    total: 0,
    buildings: 0,
    research: 0,
    military: 0,
  },
} satisfies z.input<typeof EmpireSchema>;

/** A new empire: the same overview at the moment of joining */
export const joinExample = {
  universeId: "andromeda",
  shard: 3,
  homeworld: homeworldExample.coords,
  empire: {
    ...empireExample,
    at: 1796032448056,
    planets: [{ ...homeworldExample, resources: { metal: 500, crystal: 500, deuterium: 0 } }],
  },
} satisfies z.input<typeof JoinResponse>;

/** Free positions in a system */
export const slotsExample = {
  galaxy: 1,
  system: 1,
  free: [1, 2],
  homeworldAllowed: [4, 5],
} satisfies z.input<typeof SlotsResponse>;

/** A system in the galaxy view */
export const systemExample = {
  galaxy: 1,
  system: 1,
  positions: [
    {
      position: 1,
      planet: null,
      debris: null,
      moon: null,
    },
    {
      position: 2,
      planet: null,
      debris: { metal: 60_000, crystal: 30_000, deuterium: 0 },
      moon: null,
    },
  ],
} satisfies z.input<typeof SystemViewSchema>;

/** A planet with a building queued */
export const planetExample = {
  id: "9906c01e-ea30-4fb3-8b46-3ba5c8f8e8d4",
  name: "Ada Prime",
  type: "planet",
  coords: {
    galaxy: 1,
    system: 1,
    position: 12,
  },
  temperature: {
    min: -34,
    max: 6,
  },
  diameter: 12800,
  at: 1796032460513,
  resources: {
    metal: 543.81,
    crystal: 536.9,
    deuterium: 0,
  },
  capacity: {
    metal: 10000,
    crystal: 10000,
    deuterium: 10000,
  },
  production: {
    producers: [
      {
        object: "metal_mine",
        level: 0,
        percent: 100,
        metal: 0,
        crystal: 0,
        deuterium: 0,
        energy: 0,
      },
      {
        object: "crystal_mine",
        level: 0,
        percent: 100,
        metal: 0,
        crystal: 0,
        deuterium: 0,
        energy: 0,
      },
    ],
    basicIncome: {
      metal: 30000,
      crystal: 15000,
      deuterium: 0,
    },
    energyProduced: 0,
    energyUsed: 0,
    factor: 100,
    fusionStarved: false,
    hourly: {
      metal: 30000,
      crystal: 15000,
      deuterium: 0,
    },
  },
  fields: {
    used: 0,
    max: 163,
  },
  buildQueue: [
    {
      id: "63fe4099-ca16-45a3-98fc-48a6d042bc37",
      kind: "build",
      object: "metal_mine",
      level: 1,
      planetId: "9906c01e-ea30-4fb3-8b46-3ba5c8f8e8d4",
      startedAt: 1796032460513,
      endsAt: 1796032461513,
      cost: {
        metal: 60,
        crystal: 15,
        deuterium: 0,
        energy: 0,
      },
    },
  ],
  buildings: [
    {
      object: "metal_mine",
      id: 1,
      level: 0,
      next: {
        level: 2,
        cost: {
          metal: 90,
          crystal: 22,
          deuterium: 0,
          energy: 0,
        },
        seconds: 1,
      },
      canBuild: true,
      buildBlockedBy: null,
      demolish: {
        level: 0,
        cost: {
          metal: 60,
          crystal: 15,
          deuterium: 0,
          energy: 0,
        },
        seconds: 1,
      },
      canDemolish: true,
      demolishBlockedBy: null,
    },
    {
      object: "crystal_mine",
      id: 2,
      level: 0,
      next: {
        level: 1,
        cost: {
          metal: 48,
          crystal: 24,
          deuterium: 0,
          energy: 0,
        },
        seconds: 1,
      },
      canBuild: true,
      buildBlockedBy: null,
      demolish: null,
      canDemolish: false,
      demolishBlockedBy: "cannot_demolish",
    },
  ],
  ships: {},
  defenses: {},
  unitQueue: [],
} satisfies z.input<typeof PlanetViewSchema>;

/** Research overview */
export const researchExample = {
  planetId: "9906c01e-ea30-4fb3-8b46-3ba5c8f8e8d4",
  queue: [],
  technologies: [
    {
      object: "energy_technology",
      id: 113,
      level: 0,
      next: {
        level: 1,
        cost: {
          metal: 0,
          crystal: 800,
          deuterium: 400,
          energy: 0,
        },
        seconds: 2,
      },
      canResearch: false,
      blockedBy: "requirements_not_met",
    },
    {
      object: "laser_technology",
      id: 120,
      level: 0,
      next: {
        level: 1,
        cost: {
          metal: 200,
          crystal: 100,
          deuterium: 0,
          energy: 0,
        },
        seconds: 1,
      },
      canResearch: false,
      blockedBy: "requirements_not_met",
    },
  ],
} satisfies z.input<typeof ResearchViewSchema>;

/** A notification page */
export const notificationsExample = {
  notifications: [],
  unread: 0,
  nextBefore: null,
} satisfies z.input<typeof NotificationPage>;

/** A highscore page */
export const highscoreExample = {
  total: 1,
  entries: [
    {
      userId: "a686fc54-97dc-425f-b07d-126d47283f67",
      username: "ada",
      points: 0,
      rank: 1,
    },
  ],
  me: {
    rank: 1,
    points: 0,
  },
} satisfies z.input<typeof HighscoreSchema>;

/** A new homeworld's shipyard (units cut to two), from the engine's own view */
export const shipyardExample = {
  planetId: "9906c01e-ea30-4fb3-8b46-3ba5c8f8e8d4",
  at: 1796032460513,
  queue: [],
  units: [
    {
      unit: "small_cargo",
      id: 202,
      kind: "ship",
      count: 0,
      queued: 0,
      cost: {
        metal: 2000,
        crystal: 2000,
        deuterium: 0,
        energy: 0,
      },
      seconds: 5760,
      maxOrder: 0,
      blockedBy: "requirements_not_met",
    },
    {
      unit: "large_cargo",
      id: 203,
      kind: "ship",
      count: 0,
      queued: 0,
      cost: {
        metal: 6000,
        crystal: 6000,
        deuterium: 0,
        energy: 0,
      },
      seconds: 17280,
      maxOrder: 0,
      blockedBy: "requirements_not_met",
    },
  ],
} satisfies z.input<typeof ShipyardViewSchema>;

/** Five small cargos and a light fighter, 3,175 apart, from the engine's own calculator */
export const flightExample = {
  distance: 3175,
  durationSeconds: 8061,
  fuel: 23,
  cargoCapacity: 25050,
  fuelCapacity: 25050,
  speed: 6000,
  fleetSpeed: 1,
  ships: [
    {
      ship: "small_cargo",
      count: 5,
      drive: "combustion_drive",
      speed: 6000,
      fuel: 10,
      cargo: 25000,
      fuelCapacity: 25000,
    },
    {
      ship: "light_fighter",
      count: 1,
      drive: "combustion_drive",
      speed: 15000,
      fuel: 20,
      cargo: 50,
      fuelCapacity: 50,
    },
  ],
  missionClass: "peaceful" as const,
  roundTripSeconds: 16122,
  fuelWithinCapacity: true,
  fleetSlots: 2,
};

/** Five small cargos carrying metal to another player's planet, one minute after launch */
export const fleetExample = {
  id: "019ad4c2-7e1a-7c3e-9b2f-5a1d2e3f4a5b",
  mission: "transport" as const,
  state: "outbound" as const,
  from: { planetId: "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f", kind: "planet" as const, galaxy: 1, system: 10, position: 4 },
  to: { galaxy: 1, system: 15, position: 8, kind: "planet" as const },
  targetPlanetId: "0b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b",
  ships: { small_cargo: 5 },
  cargo: { metal: 20000, crystal: 0, deuterium: 0 },
  speed: 100,
  fuel: 23,
  departureAt: 1796032800000,
  arrivalAt: 1796040861000,
  returnAt: 1796048922000,
  recalledAt: null,
  outcome: null,
  unionId: null,
} satisfies z.input<typeof FleetSchema>;

export const fleetListExample = {
  fleets: [fleetExample],
  incoming: [
    {
      fleetId: "019a8f3e-7c1d-7b2a-9e4f-5a6b7c8d9e0f",
      ownerId: "b7d3c1e2-4f5a-4b6c-8d9e-0f1a2b3c4d5e",
      ownerUsername: "vega",
      mission: "attack" as const,
      origin: { galaxy: 1, system: 17, position: 4 },
      target: { galaxy: 1, system: 10, position: 4, kind: "planet" as const },
      targetPlanetId: fleetExample.from.planetId,
      departureAt: 1796032800000,
      arrivalAt: 1796036400000,
    },
  ],
  holding: [
    {
      fleetId: "019a8f40-1a2b-7c3d-8e4f-5a6b7c8d9e10",
      ownerId: "8e2d1c4b-5a6f-4d3e-8b7a-9c0f1e2d3a45",
      ownerUsername: "altair",
      origin: { galaxy: 1, system: 12, position: 7 },
      target: { galaxy: 1, system: 10, position: 4, kind: "planet" as const },
      targetPlanetId: fleetExample.from.planetId,
      arrivalAt: 1796032900000,
      holdUntil: 1796040100000,
      ships: { cruiser: 20 },
    },
  ],
  slots: 2,
} satisfies z.input<typeof FleetListSchema>;
