// Test-side helpers around vrrp-peer.ts: start it in a namespace, read its events back.
import { join } from 'node:path';
import type { AdvertReceived, Effect } from '../../core/events/index.js';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { privilegeGap, type Netns } from '../support/netns.js';
import type { LabProcess, VethLab } from './lab.js';

const PEER = join(import.meta.dirname, 'vrrp-peer.ts');

/** Why these tests cannot run here, or undefined. */
export function netGap(tools: readonly string[] = ['ip']): string | undefined {
  const gap = privilegeGap(tools);
  if (gap !== undefined) return gap;
  return netrawPath() === undefined ? 'needs native/netraw built (scripts/setup.sh: npx node-gyp rebuild -C native/netraw)' : undefined;
}

function startPeer(lab: VethLab, ns: Netns, command: object): LabProcess {
  return lab.start(ns, process.execPath, ['--import', 'tsx', PEER, JSON.stringify(command)]);
}

/** A listener for `config`'s instances; resolves once its sockets are open. */
export async function listen(lab: VethLab, ns: Netns, config: string): Promise<LabProcess> {
  const peer = startPeer(lab, ns, { op: 'listen', config });
  await peer.waitForLines(1, (line) => line.includes('"ready"'), 15_000);
  return peer;
}

/** Runs `effects` through the executors inside `ns`; returns how many ran. */
export async function execute(lab: VethLab, ns: Netns, effects: readonly Effect[]): Promise<number> {
  const wire = effects.map((e) => (e.kind === 'SendAdvert' ? { ...e, message: Buffer.from(e.message).toString('hex') } : e));
  const peer = startPeer(lab, ns, { op: 'execute', effects: wire });
  const [line] = await peer.waitForLines(1, (l) => l.includes('"done"'), 15_000);
  const result = JSON.parse(line ?? '{}') as { done: number; error?: string };
  if (result.error !== undefined) throw new Error(`executing effects failed with ${result.error} after ${result.done}`);
  return result.done;
}

function fromWire(line: string): AdvertReceived {
  const wire = JSON.parse(line) as AdvertReceived & { payload: string };
  return { ...wire, payload: new Uint8Array(Buffer.from(wire.payload, 'hex')) };
}

const isAdvert = (line: string): boolean => line.includes('"AdvertReceived"');

/** The listener's first `count` AdvertReceived events, waiting up to `timeoutMs` for them. */
export async function adverts(listener: LabProcess, count: number, timeoutMs: number): Promise<AdvertReceived[]> {
  return (await listener.waitForLines(count, isAdvert, timeoutMs)).map(fromWire);
}

/** Every AdvertReceived event the listener has printed so far. */
export function advertsSoFar(listener: LabProcess): AdvertReceived[] {
  return listener.lines.filter(isAdvert).map(fromWire);
}
