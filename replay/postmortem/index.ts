// The postmortem's library API: several nodes' journal records in, one timeline, every split
// brain and its cause out, as a value, as text, or as JSON.
export { postmortem, PostmortemError, type Postmortem, type PostmortemOptions, type RouterReport, type SplitBrainWindow } from './postmortem.js';
export type { Cause, CauseKind } from './causes.js';
export type { ClockEstimate, ClockMethod, Clocks } from './clocks.js';
export type { DirectionalDelay } from './directions.js';
export type { AdvertFlow, RejectionCount } from './evidence.js';
export type { IntervalEnd, MasterInterval } from './masters.js';
export type { RejectionKind } from './rejections.js';
export { postmortemText, reasonWords } from './text-report.js';
export { postmortemJson } from './json-report.js';
