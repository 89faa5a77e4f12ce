/**
 * Glicko-2 (Mark Glickman, "Example of the Glicko-2 system", 2022 revision). Pure functions on
 * the public scale (rating ≈ 1500, RD in rating points). Every game is one rating period for the
 * players in it; a player's results in a multi-player game are pairwise results against every other
 * seat, all applied in the same period.
 */

export interface Rating {
  rating: number;
  /** Rating deviation (RD). */
  rd: number;
  volatility: number;
}

export interface Glicko2Options {
  /** System constant: how much volatility may change per period (0.3–1.2 is sensible). */
  tau: number;
  /** RD never drops below this, so a seasoned rating still moves. */
  rdFloor: number;
  /** RD never grows above this (the RD of an unknown player). */
  rdCeiling: number;
}

export const GLICKO2 = {
  initial: { rating: 1500, rd: 350, volatility: 0.06 } as Rating,
  options: { tau: 0.5, rdFloor: 30, rdCeiling: 350 } as Glicko2Options,
  /** CPU seats are fixed opponents of unknown strength: they move ratings little and are never updated. */
  cpu: { rating: 1500, rd: 350, volatility: 0.06 } as Rating,
} as const;

/** One result of a period: 1 win, 0.5 draw, 0 loss. */
export interface Outcome {
  opponent: Rating;
  score: number;
}

const SCALE = 173.7178;
const EPSILON = 0.000001;

const g = (phi: number): number => 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
const expected = (mu: number, muJ: number, phiJ: number): number => 1 / (1 + Math.exp(-g(phiJ) * (mu - muJ)));

/** Step 5 of the paper: the new volatility, by the Illinois variant of regula falsi. */
function newVolatility(sigma: number, phi: number, v: number, delta: number, tau: number): number {
  const a = Math.log(sigma * sigma);
  const f = (x: number): number => {
    const ex = Math.exp(x);
    const d = phi * phi + v + ex;
    return (ex * (delta * delta - phi * phi - v - ex)) / (2 * d * d) - (x - a) / (tau * tau);
  };
  let A = a;
  let B: number;
  if (delta * delta > phi * phi + v) {
    B = Math.log(delta * delta - phi * phi - v);
  } else {
    let k = 1;
    while (f(a - k * tau) < 0) k += 1;
    B = a - k * tau;
  }
  let fA = f(A);
  let fB = f(B);
  for (let i = 0; i < 100 && Math.abs(B - A) > EPSILON; i++) {
    const C = A + ((A - B) * fA) / (fB - fA);
    const fC = f(C);
    if (fC * fB <= 0) {
      A = B;
      fA = fB;
    } else {
      fA /= 2;
    }
    B = C;
    fB = fC;
  }
  return Math.exp(A / 2);
}

const clampRd = (rd: number, o: Glicko2Options): number => Math.min(o.rdCeiling, Math.max(o.rdFloor, rd));

/** The rating after one period. With no results only the RD grows (step 6 of the paper). */
export function updateRating(player: Rating, outcomes: readonly Outcome[], options: Glicko2Options = GLICKO2.options): Rating {
  const mu = (player.rating - 1500) / SCALE;
  const phi = player.rd / SCALE;
  if (outcomes.length === 0) {
    const grown = Math.sqrt(phi * phi + player.volatility * player.volatility) * SCALE;
    return { ...player, rd: clampRd(grown, options) };
  }
  let vInverse = 0;
  let improvement = 0;
  for (const { opponent, score } of outcomes) {
    const muJ = (opponent.rating - 1500) / SCALE;
    const phiJ = opponent.rd / SCALE;
    const gJ = g(phiJ);
    const e = expected(mu, muJ, phiJ);
    vInverse += gJ * gJ * e * (1 - e);
    improvement += gJ * (score - e);
  }
  const v = 1 / vInverse;
  const delta = v * improvement;
  const sigma = newVolatility(player.volatility, phi, v, delta, options.tau);
  const phiStar = Math.sqrt(phi * phi + sigma * sigma);
  const phiNew = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const muNew = mu + phiNew * phiNew * improvement;
  return { rating: SCALE * muNew + 1500, rd: clampRd(SCALE * phiNew, options), volatility: sigma };
}

export interface Entrant {
  /** Current rating; CPUs use `GLICKO2.cpu`. */
  rating: Rating;
  /** Competition rank in the game (1 = best; equal ranks draw). */
  rank: number;
  /** Fixed entrants (CPUs) are opponents only and get no new rating. */
  fixed: boolean;
}

/**
 * New ratings for one game: each non-fixed entrant plays every other entrant once (a better rank
 * wins, an equal rank draws), all from the ratings before the game. Fixed entrants get null.
 */
export function rateGame(entrants: readonly Entrant[], options: Glicko2Options = GLICKO2.options): (Rating | null)[] {
  return entrants.map((me, i) => {
    if (me.fixed) return null;
    const outcomes = entrants.flatMap((other, j) =>
      j === i ? [] : [{ opponent: other.rating, score: me.rank < other.rank ? 1 : me.rank === other.rank ? 0.5 : 0 }],
    );
    return updateRating(me.rating, outcomes, options);
  });
}
