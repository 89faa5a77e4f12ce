/**
 * A multi-row statement's text per row count, built once: the runtime finds its prepared
 * statement by the text, so building the same text on every call only costs allocation.
 */
export function bySize(make: (rows: number) => string): (rows: number) => string {
  const texts: string[] = [];
  return (rows) => {
    let text = texts[rows];
    if (text === undefined) {
      text = make(rows);
      texts[rows] = text;
    }
    return text;
  };
}
