/** The server's error codes as sentences a player can act on; unknown codes fall back to the server's own message. */
import { ApiError } from "./client";

const SENTENCES: Record<string, string> = {
  invalid_request: "Some fields are not valid.",
  unauthorized: "Your session has ended. Please log in again.",
  invalid_credentials: "That username or password is not right.",
  forbidden: "You are not allowed to do that.",
  not_found: "That does not exist (any more).",
  conflict: "That name is already taken.",
  rate_limited: "Too many tries. Wait a moment and try again.",
  banned: "This account is banned.",
  guest_not_allowed: "Guests cannot do this: register an account first.",
  email_unverified: "Verify your email address first.",
  room_not_found: "No room with that code or link is open.",
  room_full: "That room is full.",
  room_closed: "That room has closed.",
  private_room: "That room is private: join it with its code.",
  too_many_rooms: "You are already in 4 live rooms. Leave one first.",
  matched_room: "Quick-match rooms are set up by the matchmaker.",
  already_queued: "You are already waiting for a quick match.",
  not_your_turn: "It is not your turn.",
  not_host: "Only the host can do that.",
  not_enough_players: "Two seats at least are needed to start.",
  room_not_waiting: "The game has already started.",
  no_cpu_profiles_left: "Every CPU personality is already seated.",
  spectators_cannot_act: "Spectators cannot play.",
  cancel_used: "You can put a discard back only once per turn.",
  insufficient_resources: "Not enough resources yet.",
  queue_full: "The queue is full.",
  requirements_not_met: "Its requirements are not met yet.",
  not_enough_fields: "The planet has no free field.",
  already_joined: "You already play in this universe.",
  not_joined: "Join this universe first.",
  universe_paused: "This universe is paused.",
  replay_unavailable: "This game cannot be replayed.",
  too_many_sockets: "Too many open tabs on this table.",
  session_revoked: "This session was ended.",
  invalid_ships: "Pick at least one ship, in whole numbers.",
  invalid_cargo: "Cargo must be whole, non-negative amounts.",
  invalid_speed: "Speed goes from 10 % to 100 % in steps of 5.",
  invalid_coordinates: "Those coordinates are outside this universe.",
  invalid_hold_time: "Holding time is 1 to 32 whole hours.",
  not_your_planet: "That planet is not yours.",
  no_fleet_slots: "Every fleet slot is in use: wait for a fleet to come home, or research computer technology.",
  not_enough_ships: "The planet does not have that many ships.",
  not_enough_fuel: "Not enough deuterium on the planet for the flight.",
  cargo_exceeds_capacity: "The ships cannot carry that much cargo (fuel takes room too).",
  fuel_exceeds_capacity: "The ships cannot carry the fuel this flight needs: take more ships or fly closer.",
  mission_not_allowed: "That mission is not possible against this target.",
  mission_unavailable: "That mission is not flown yet in this universe.",
  union_unreachable: "That fleet union can no longer be joined in time.",
  union_full: "That fleet union is full.",
  newbie_protected: "That player is under newbie protection.",
  target_not_found: "Nothing there to fly to.",
  fleet_not_found: "That fleet is no longer in flight.",
  cannot_recall: "That fleet can no longer be recalled.",
  invalid_offer: "Offer whole amounts of two different resources.",
  ratio_out_of_band: "That price is too far from the guidance: ask the guidance price or near it.",
  not_your_offer: "That offer is not yours.",
  offer_not_found: "That offer is gone.",
  too_many_offers: "You already have 10 open offers: cancel one first.",
  own_offer: "You cannot buy your own offer.",
  offer_taken: "Someone bought that offer first; your payment was refunded.",
  offer_cancelled: "That offer was cancelled; your payment was refunded.",
};

export function sentence(code: string, fallback?: string): string {
  return SENTENCES[code] ?? fallback ?? code.replaceAll("_", " ");
}

/** A thrown value as a sentence: the server's code when it is an ApiError. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) return sentence(error.code, error.message);
  if (error instanceof TypeError) return "The server cannot be reached. Check your connection.";
  return error instanceof Error ? error.message : String(error);
}
