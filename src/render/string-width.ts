/**
 * Drop-in for `string-width@4` (used by cli-table3), bundled in its place by scripts/build.mjs.
 * The original builds emoji-regex's very large RegExp on every call, which cost several
 * milliseconds per table on a quick command; this one does the same measurement with a
 * fast path for plain text.
 */
// eslint-disable-next-line no-control-regex
const ANSI = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;
const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*/gu;

export function isFullwidthCodePoint(code: number): boolean {
  return (
    code >= 0x1100 &&
    (code <= 0x115f ||
      code === 0x2329 ||
      code === 0x232a ||
      (0x2e80 <= code && code <= 0x3247 && code !== 0x303f) ||
      (0x3250 <= code && code <= 0x4dbf) ||
      (0x4e00 <= code && code <= 0xa4c6) ||
      (0xa960 <= code && code <= 0xa97c) ||
      (0xac00 <= code && code <= 0xd7a3) ||
      (0xf900 <= code && code <= 0xfaff) ||
      (0xfe10 <= code && code <= 0xfe19) ||
      (0xfe30 <= code && code <= 0xfe6b) ||
      (0xff01 <= code && code <= 0xff60) ||
      (0xffe0 <= code && code <= 0xffe6) ||
      (0x1b000 <= code && code <= 0x1b001) ||
      (0x1f200 <= code && code <= 0x1f251) ||
      (0x20000 <= code && code <= 0x3fffd))
  );
}

export default function stringWidth(input: string): number {
  if (typeof input !== 'string' || input.length === 0) return 0;
  let s = input.includes('\u001B') || input.includes('\u009B') ? input.replace(ANSI, '') : input;
  if (s.length === 0) return 0;
  // plain ASCII: every printable character is one column
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  s = s.replace(EMOJI, '  ');
  let width = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.codePointAt(i) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) continue;
    if (code >= 0x300 && code <= 0x36f) continue;
    if (code > 0xffff) i++;
    width += isFullwidthCodePoint(code) ? 2 : 1;
  }
  return width;
}
