// Kept apart from format.ts, which loads string-width and wrap-ansi: `--version`, `--help` and every
// one-line error need only this.
/**
 * Text from the network or the URL list made safe for a terminal: C0 and C1 controls (ESC sequences
 * among them), DEL and bidirectional overrides are shown as \u escapes instead of being obeyed.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
