// SyntaxError as the front end raises it, and its printed form. The fields are the
// ones CPython's SyntaxError carries (offsets 1-based, in code points), and
// formatSyntaxError reproduces CPython 3.11's print_exception_file_and_line and
// print_error_text (Python/pythonrun.c) so gilvm's stderr matches `python3 file.py`.

export type SyntaxErrorKind = "SyntaxError" | "IndentationError" | "TabError";

export class PySyntaxError extends Error {
  constructor(
    readonly kind: SyntaxErrorKind,
    readonly msg: string,
    readonly filename: string,
    readonly lineno: number,
    /** 1-based column of the first highlighted character; 0 or less prints no caret. */
    readonly offset: number,
    readonly endLineno: number,
    /** 1-based column just past the highlighted range; 0 or less means one caret. */
    readonly endOffset: number,
    /** The whole source line, with its newline if it has one. */
    readonly text: string,
  ) {
    super(`${msg} (${filename}, line ${lineno})`);
    this.name = kind;
  }
}

const utf8 = new TextEncoder();
const utf8dec = new TextDecoder();

/** What CPython 3.11 prints on stderr for this error escaping the main module. */
export function formatSyntaxError(e: PySyntaxError): string {
  let out = `  File "${e.filename}", line ${e.lineno}\n`;
  // CPython only reads the end position of plain SyntaxErrors, not of its subclasses.
  const plain = e.kind === "SyntaxError";
  let endOffset = plain ? e.endOffset : -1;
  const endLineno = plain ? e.endLineno : e.lineno;
  const lineSize = utf8.encode(e.text).length;
  // A range over several lines is highlighted to the end of its first line.
  if (endLineno > e.lineno) endOffset = lineSize;
  if (endOffset > lineSize + 1) endOffset = lineSize + 1;
  out += errorText(e.offset, endOffset, e.text);
  return out + `${e.kind}: ${e.msg}\n`;
}

// print_error_text: offsets count characters while lengths count UTF-8 bytes, as in C.
function errorText(offset1: number, endOffset: number, fullText: string): string {
  const carets = endOffset > 0 && endOffset > offset1 ? endOffset - offset1 : 1;
  let offset = offset1 - 1;
  let bytes = utf8.encode(fullText);
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0c)) {
    i++;
    offset--;
  }
  bytes = bytes.subarray(i);
  let len = bytes.length;
  if (len > 0 && bytes[len - 1] === 0x0a) len--;
  if (offset > len) offset = len;
  // Skip whole lines that end before the offset (a text holding several lines).
  for (;;) {
    const nl = bytes.indexOf(0x0a);
    if (nl < 0 || nl >= offset) break;
    bytes = bytes.subarray(nl + 1);
    len -= nl + 1;
    offset -= nl + 1;
  }
  let out = "    " + utf8dec.decode(bytes);
  if (bytes[len] !== 0x0a) out += "\n";
  if (offset < 0) return out;
  return out + "    " + " ".repeat(offset) + "^".repeat(carets) + "\n";
}
