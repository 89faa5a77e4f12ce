export {
  type CounterAction,
  type CounterOptions,
  type CounterState,
  counter,
  counterActionSchema,
  counterOptionsSchema,
  MAX_ADD,
  MIN_ADD,
} from "./game";
