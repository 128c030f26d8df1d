// Bundles the compiled CLI and worker entry (dist/vm/cli.js, dist/vm/worker.js) into one file each,
// dist/vm/cli.bundle.js and dist/vm/worker.bundle.js. Why: every Python thread runs on a worker
// that loads the whole VM, and Node's ES-module loader resolves, reads and links ~100 files one
// by one — ~170 ms of CPU per worker here, which a CPU-bound free-threaded run pays on the cores
// its threads need. One file loads in about half that (docs/results.md, "Worker start-up").
// The bundles sit beside the files they bundle, so paths found from import.meta.url (the
// package root, lib/) are the same; commander stays an ordinary import from node_modules.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/vm/cli.js", "dist/vm/worker.js"],
  outdir: "dist/vm",
  entryNames: "[name].bundle",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
