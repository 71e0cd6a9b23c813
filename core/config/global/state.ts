import type { GlobalDraft } from './draft.js';
import { newGlobalDraft } from './draft.js';
import type { BfdInstance, GarpGroup, InterfaceUpDownDelay, LinkbeatInterface, TrackFile, TrackGroup, TrackProcess, VrrpScript } from './model.js';

/** Everything the global section accumulates while the root parser walks the file. */
export interface GlobalSectionState {
  readonly draft: GlobalDraft;
  readonly vrrpScripts: VrrpScript[];
  readonly trackFiles: TrackFile[];
  readonly trackProcesses: TrackProcess[];
  readonly bfdInstances: BfdInstance[];
  readonly linkbeatInterfaces: LinkbeatInterface[];
  readonly interfaceUpDownDelays: InterfaceUpDownDelay[];
  readonly trackGroups: TrackGroup[];
  readonly garpGroups: GarpGroup[];
}

export function newGlobalSectionState(): GlobalSectionState {
  return {
    draft: newGlobalDraft(),
    vrrpScripts: [],
    trackFiles: [],
    trackProcesses: [],
    bfdInstances: [],
    linkbeatInterfaces: [],
    interfaceUpDownDelays: [],
    trackGroups: [],
    garpGroups: [],
  };
}
