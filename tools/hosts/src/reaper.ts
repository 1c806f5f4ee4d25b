import { alive, readState, removeRun } from './network.js';

/**
 * Started (detached) by `Network.create`: `reaper.ts <run id> <owner pid>`. Once the owner is gone
 * — a test run killed, Jest stopped with Ctrl-C — it removes the run: kills what runs in its
 * namespaces, deletes them, the bridge and the temp dirs. It ends by itself when the owner removed
 * the run (the state file is gone).
 */
const [id = '', owner = '0'] = process.argv.slice(2);
setInterval(() => {
  const state = readState(id);
  if (state === null) process.exit(0);
  if (!alive(Number(owner))) {
    removeRun(id, state.dirs);
    process.exit(0);
  }
}, 300);
