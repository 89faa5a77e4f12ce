/**
 * The web client imports the server's route types (`AppType`) for `hono/client`, so this project
 * sees the Worker's sources under the DOM lib. Workers add `timingSafeEqual` to the SubtleCrypto
 * that DOM declares; this restates it so both libs agree.
 */
interface SubtleCrypto {
  timingSafeEqual(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean;
}
