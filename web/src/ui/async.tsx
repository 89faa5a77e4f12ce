/** Loading and acting: a resource signal that reloads on demand, and a button that shows it is busy and says why it failed. */
import { type Signal, signal, useSignal, useSignalEffect } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { describe } from "../api/messages";

export type Loaded<T> = { data: Signal<T | null>; error: Signal<string | null>; reload: () => Promise<void> };

/** Loads `fn` now and whenever the signals it reads change; `reload` fetches again. */
export function useLoad<T>(fn: () => Promise<T>): Loaded<T> {
  const state = useMemo(() => ({ data: signal<T | null>(null), error: signal<string | null>(null), run: 0 }), []);
  const reload = async () => {
    const run = ++state.run;
    try {
      const data = await fn();
      if (run === state.run) {
        state.data.value = data;
        state.error.value = null;
      }
    } catch (e) {
      if (run === state.run) state.error.value = describe(e);
    }
  };
  useSignalEffect(() => {
    void reload();
  });
  return { data: state.data, error: state.error, reload };
}

export function ErrorLine({ error }: { error: Signal<string | null> | string | null }) {
  const text = typeof error === "string" || error === null ? error : error.value;
  return text ? (
    <p class="error" role="alert">
      {text}
    </p>
  ) : null;
}

/**
 * Runs an async action on demand: `busy` meanwhile, and its refusal kept in `error` as a sentence.
 * `submit` is the same for a form's `onSubmit`, instead of the browser's navigation.
 */
export function useRun(run: () => Promise<unknown>) {
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const start = async () => {
    busy.value = true;
    error.value = null;
    try {
      await run();
    } catch (e) {
      error.value = describe(e);
    } finally {
      busy.value = false;
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void start();
  };
  return { busy, error, start, submit };
}

/** A button that runs an async action, disables itself meanwhile and shows the refusal as a sentence. */
export function Action(props: {
  run: () => Promise<unknown>;
  children: ComponentChildren;
  class?: string;
  label?: string;
  disabled?: boolean;
}) {
  const { busy, error, start } = useRun(props.run);
  return (
    <span class="action">
      <button type="button" class={props.class} aria-label={props.label} disabled={busy.value || props.disabled} onClick={start}>
        {props.children}
      </button>
      {error.value && (
        <span class="error" role="alert">
          {error.value}
        </span>
      )}
    </span>
  );
}
