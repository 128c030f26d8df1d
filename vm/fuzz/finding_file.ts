/**
 * A finding written down: the minimal program, with a header that says what disagrees and
 * how to reproduce it, and both interpreters' output at the end, as comments, so the file
 * alone is the bug report.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Finding } from "./campaign.js";
import { normalize } from "./differential.js";

const SHOWN_LINES = 40;

function commented(title: string, text: string): string[] {
  const lines = text.replace(/\n$/, "").split("\n");
  const shown = lines.slice(0, SHOWN_LINES).map((l) => `# | ${l}`);
  if (lines.length > SHOWN_LINES) shown.push(`# | … ${lines.length - SHOWN_LINES} more lines`);
  return [`# ${title}`, ...shown];
}

function findingFileName(f: Finding): string {
  return `${f.difference.kind}-${f.modes.join("+")}-s${f.seed}-c${f.caseIndex}.py`;
}

function formatFinding(f: Finding): string {
  const modes = f.modes.map((m) => `--${m}`).join(" and ");
  const stderrTail = (s: string) => s.trim().split("\n").slice(-6).join("\n");
  return [
    `# gilvm fuzz finding: ${f.difference.kind}, under ${modes} --sanitize`,
    `# ${f.difference.summary.replace(/\n/g, " ")}`,
    `# seed ${f.seed}, case ${f.caseIndex}; shrunk in ${f.shrinkTrials} runs. Reproduce:`,
    `#   python3 FILE ; gilvm run --${f.modes[0]} --sanitize FILE`,
    ...(f.alsoIn.length ? [`# the same difference showed in cases ${f.alsoIn.join(", ")} of this seed`] : []),
    "",
    f.program.trimEnd(),
    "",
    ...commented(`python3: exit ${f.python.status}, stdout:`, normalize(f.python.stdout)),
    ...(f.python.stderr.trim() ? commented("python3 stderr (end):", stderrTail(f.python.stderr)) : []),
    ...commented(`gilvm --${f.difference.mode}: exit ${f.gilvm.status}, stdout:`, normalize(f.gilvm.stdout)),
    ...(f.gilvm.stderr.trim() ? commented(`gilvm --${f.difference.mode} stderr (end):`, stderrTail(f.gilvm.stderr)) : []),
    "",
  ].join("\n");
}

/** Writes each finding into `dir` and returns the paths. */
export function saveFindings(dir: string, findings: readonly Finding[]): string[] {
  mkdirSync(dir, { recursive: true });
  return findings.map((f) => {
    const file = path.join(dir, findingFileName(f));
    writeFileSync(file, formatFinding(f));
    return file;
  });
}
