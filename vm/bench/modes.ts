/** The three ways a suite runs a program: gilvm with the GIL, gilvm without it, and CPython. */
import { COLORS } from "./chart_svg.js";
import type { RuntimeName } from "./runner.js";

export interface RunMode {
  id: "gil" | "nogil" | "python3";
  label: string;
  runtime: RuntimeName;
  flags: string[];
  color: string;
}

export const RUN_MODES: RunMode[] = [
  { id: "gil", label: "gilvm --gil", runtime: "gilvm", flags: ["--gil"], color: COLORS.blue },
  { id: "nogil", label: "gilvm --nogil", runtime: "gilvm", flags: ["--nogil"], color: COLORS.red },
  { id: "python3", label: "python3", runtime: "python3", flags: [], color: COLORS.purple },
];
