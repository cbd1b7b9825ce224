/**
 * A streaming CSV push-parser for billing exports (RFC 4180 plus what real exports do):
 * BOM stripped, CRLF, LF and lone CR mixed freely, quoted fields with `""` escapes and
 * embedded newlines, stray quotes inside unquoted fields kept as text, blank lines skipped.
 * Chunks may split anywhere. Each record comes with the 1-based line it starts on, which
 * csv-parse cannot give reliably with mixed line endings. Pure: the caller feeds text.
 */
export type CsvRecordHandler = (fields: string[], line: number) => void;

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvParser {
  private fields: string[] = [];
  private field = '';
  /** inside a quoted field */
  private quoted = false;
  /** just saw a quote inside a quoted field: either the closing quote or the first of `""` */
  private quotePending = false;
  /** the current field started with a quote (and it closed): later text is appended literally */
  private afterClose = false;
  private lastWasCR = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private readonly delim: number;

  constructor(private readonly onRecord: CsvRecordHandler, delimiter = ',') {
    this.delim = delimiter.charCodeAt(0);
  }

  push(chunk: string): void {
    let s = chunk;
    if (!this.started) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.lastWasCR) {
        this.lastWasCR = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === QUOTE) {
            this.field += '"';
            i++;
            continue;
          }
          this.quoted = false;
          this.afterClose = true;
          continue; // re-read c outside quotes
        }
        // fast path: copy up to the next quote
        const q = s.indexOf('"', i);
        const end = q === -1 ? n : q;
        const text = s.slice(i, end);
        if (text.length) {
          this.field += text;
          this.countNewlines(text);
        }
        if (q === -1) return;
        this.quotePending = true;
        i = q + 1;
        continue;
      }
      if (c === this.delim) {
        this.fields.push(this.field);
        this.field = '';
        this.afterClose = false;
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        this.lastWasCR = c === CR;
        i++;
        continue;
      }
      if (c === QUOTE && this.field === '' && !this.afterClose) {
        this.quoted = true;
        i++;
        continue;
      }
      // unquoted run: up to the next delimiter or line end
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d === this.delim || d === LF || d === CR) break;
        j++;
      }
      this.field += s.slice(i, j);
      i = j;
    }
  }

  end(): void {
    if (this.quoted && this.quotePending) {
      this.quoted = false;
      this.quotePending = false;
    }
    if (this.quoted) {
      // unterminated quote: emit what we have; the caller sees a short or odd record
      this.quoted = false;
    }
    this.endRecord();
  }

  private quotedCR = false;

  private countNewlines(text: string): void {
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === LF) {
        if (!this.quotedCR) this.line++;
        this.quotedCR = false;
      } else {
        if (c === CR) this.line++;
        this.quotedCR = c === CR;
      }
    }
  }

  private endRecord(): void {
    this.fields.push(this.field);
    const rec = this.fields;
    this.fields = [];
    this.field = '';
    this.afterClose = false;
    if (rec.length === 1 && rec[0] === '') return; // blank line
    this.onRecord(rec, this.recordLine);
  }
}

/** Parse a whole string (tests, small inputs). */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const p = new CsvParser((fields, line) => out.push({ fields, line }));
  p.push(text);
  p.end();
  return out;
}
