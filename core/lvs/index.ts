// The LVS side as one pure module: the reducer calls these with the event's time and the
// effects list of the reduce call, and keeps the returned LvsState.
export { lvsStart } from './start.js';
export { lvsOnTableRead } from './table-read.js';
export { lvsOnTimer, lvsOnCheckResult, BOOTSTRAP_DELAY_MICROS } from './timers.js';
export { lvsOnLocalAddresses } from './suspend.js';
export { lvsReload } from './reload.js';
export { lvsShutdown } from './shutdown.js';
export { desiredTable, desiredForVirtualServer } from './desired.js';
export { diffTables } from './diff.js';
export { applyIpvsEffects, canonicalTable } from './kernel.js';
export { lvsStats, type VirtualServerStats, type RealServerStats, type CheckerStats } from './stats.js';
export { checkerId, checkerTimerId, checkerOfTimer, CHECK_TIMER_PREFIX, warmupDelay } from './ids.js';
export type { LvsState, LvsSettings, VirtualServerRuntime, RealServerRuntime, CheckerRuntime } from './state.js';
// For a snapshot's restore (core/snapshot): the config-derived records its saved fields go onto.
export { buildVirtualServers } from './build.js';
export { settingsOf } from './context.js';
export { indexCheckers } from './state.js';
