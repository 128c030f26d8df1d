#!/usr/bin/env node
// The gilvm command: runs the compiled CLI (built into dist/ by `npm install`, or `npm run build`),
// from its one-file bundle when there is one (it loads in about half the time).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/vm/cli.bundle.js", import.meta.url);
const cli = existsSync(fileURLToPath(bundle)) ? bundle : new URL("../dist/vm/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write("gilvm: dist/ is missing; run `npm run build` (npm install does it) first\n");
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
