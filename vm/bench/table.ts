/**
 * A table as data, rendered two ways: aligned text for the terminal and Markdown for the
 * results page.
 */

export interface Table {
  title: string;
  head: string[];
  rows: string[][];
  /** Lines printed under the table (what a column means, warnings). */
  notes?: string[];
}

/** Display width: the table's own characters are all one column wide. */
const width = (s: string) => [...s].length;

function pad(s: string, w: number, left: boolean): string {
  const fill = " ".repeat(Math.max(0, w - width(s)));
  return left ? s + fill : fill + s;
}

export function renderText(t: Table): string {
  const widths = t.head.map((h, i) => Math.max(width(h), ...t.rows.map((r) => width(r[i] ?? ""))));
  // the first column names the row: left-aligned; the others hold numbers: right-aligned
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i === 0)).join("  ").trimEnd();
  const out = [t.title, line(t.head), widths.map((w) => "-".repeat(w)).join("  "), ...t.rows.map(line)];
  for (const n of t.notes ?? []) out.push(`  ${n}`);
  return out.join("\n") + "\n";
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderMarkdown(t: Table): string {
  const out = [
    `**${t.title}**`,
    "",
    `| ${t.head.map(cell).join(" | ")} |`,
    `|${t.head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
  if (t.notes && t.notes.length > 0) out.push("", ...t.notes.map((n) => `- ${n}`));
  return out.join("\n") + "\n";
}
