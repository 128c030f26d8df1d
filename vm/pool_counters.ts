/**
 * What this worker's process pools measured of their child processes, for --stats: how many
 * children ended, and the sum of their peak resident set sizes. Each worker has its own copy of
 * this module; a thread's stats row takes the difference over its run, as for every counter.
 */
export const poolCounters = {
  childProcesses: 0,
  childPeakRssBytes: 0,
};
