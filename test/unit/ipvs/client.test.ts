// IpvsClient against a scripted kernel (a fake GenlTransport): the family lookup, the errno names
// netlink@0.3.0's errors become, and how readTable walks the dumps. The real kernel is in
// test/uml/ipvs.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IpvsDest } from '../../../core/events/index.js';
import { nla } from '../../../adapters/ipvs/attributes.js';
import { IpvsClient } from '../../../adapters/ipvs/client.js';
import { CtrlAttr, GENL_ID_CTRL } from '../../../adapters/ipvs/constants.js';
import { IpvsError } from '../../../adapters/ipvs/errors.js';
import { genlPayload, getDestsRequest, getServicesRequest, newDestRequest, newServiceRequest } from '../../../adapters/ipvs/messages.js';
import type { GenlRequestOptions, GenlTransport } from '../../../adapters/ipvs/transport.js';
import { hex, MASQ_DEST, PERSISTENT_V6_SERVICE, WRR_SERVICE } from './helpers.js';

const FAMILY_ID = 28;

interface Sent {
  readonly family: number;
  readonly payload: string;
  readonly options: GenlRequestOptions;
}

/** A transport whose kernel is `answer`; the family lookup answers id 28 unless told otherwise. */
function scripted(answer: (sent: Sent) => Uint8Array[] | Error, lookup: Uint8Array[] | Error = [familyReply(FAMILY_ID)]) {
  const sent: Sent[] = [];
  let closed = 0;
  const transport: GenlTransport = {
    request(family, payload, options) {
      const s = { family, payload: hex(payload), options };
      sent.push(s);
      const out = family === GENL_ID_CTRL ? lookup : answer(s);
      return out instanceof Error ? Promise.reject(out) : Promise.resolve(out);
    },
    close() {
      closed++;
    },
  };
  return { transport, sent, closedCount: () => closed };
}

/** CTRL_CMD_NEWFAMILY as the controller answers: id, name, and more we do not read. */
function familyReply(id: number): Uint8Array {
  return genlPayload(1, [nla.string(CtrlAttr.FAMILY_NAME, 'IPVS'), nla.u16(CtrlAttr.FAMILY_ID, id), nla.u32(3, 1), nla.u32(4, 0)]);
}

const rejects = (code: string, message?: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof IpvsError, `expected an IpvsError, got ${String(err)}`);
  assert.equal(err.code, code);
  if (message !== undefined) assert.match(err.message, message);
  return true;
};

describe('IpvsClient.open', () => {
  it('resolves the "IPVS" family through the controller, then sends to its id', async () => {
    const k = scripted(() => []);
    const client = await IpvsClient.open({ transport: k.transport, timeoutMs: 1234 });
    assert.equal(client.familyId, FAMILY_ID);
    await client.flush();
    assert.deepEqual(k.sent.map((s) => [s.family, s.payload]), [[GENL_ID_CTRL, '03010000090002004950565300000000'], [FAMILY_ID, '11010000']]);
    assert.deepEqual(k.sent.map((s) => s.options), [{ dump: false, timeoutMs: 1234 }, { dump: false, timeoutMs: 1234 }]);
  });

  it('a kernel without IPVS (ENOENT) rejects clearly and closes the socket', async () => {
    const k = scripted(() => [], new Error('Request rejected: ENOENT'));
    await assert.rejects(IpvsClient.open({ transport: k.transport }), rejects('ENOENT', /the kernel has no IPVS/));
    assert.equal(k.closedCount(), 1);
  });

  it('a controller answer without a family id is EPROTO', async () => {
    const k = scripted(() => [], [genlPayload(1, [nla.string(CtrlAttr.FAMILY_NAME, 'IPVS')])]);
    await assert.rejects(IpvsClient.open({ transport: k.transport }), rejects('EPROTO', /CTRL_ATTR_FAMILY_ID/));
  });

  it('no answer in time is ETIMEDOUT', async () => {
    const k = scripted(() => [], new Error('Timeout has been reached'));
    await assert.rejects(IpvsClient.open({ transport: k.transport }), rejects('ETIMEDOUT'));
  });
});

describe('IpvsClient commands', () => {
  const kernelErrors: readonly [string, string, RegExp][] = [
    ['EEXIST', 'addService', /IPVS add service TCP 10\.0\.0\.1:80: Service already exists \(EEXIST\)/],
    ['ENOENT', 'addService', /Scheduler or persistence engine not found/],
    ['ESRCH', 'addDest', /add destination 10\.0\.0\.11:8080 of TCP 10\.0\.0\.1:80: Service not defined \(ESRCH\)/],
    ['EPERM', 'flush', /Permission denied/],
  ];
  for (const [errno, op, message] of kernelErrors) {
    it(`"Request rejected: ${errno}" from ${op} rejects with code ${errno}`, async () => {
      const k = scripted(() => new Error(`Request rejected: ${errno}`));
      const client = await IpvsClient.open({ transport: k.transport });
      const call = op === 'addService' ? client.addService(WRR_SERVICE) : op === 'addDest' ? client.addDest(WRR_SERVICE.key, MASQ_DEST) : client.flush();
      await assert.rejects(call, rejects(errno, message));
    });
  }

  it('sends the builders\' bytes, not dumps', async () => {
    const k = scripted(() => []);
    const client = await IpvsClient.open({ transport: k.transport });
    await client.addService(WRR_SERVICE);
    await client.addDest(WRR_SERVICE.key, MASQ_DEST);
    assert.deepEqual(k.sent.slice(1).map((s) => [s.payload, s.options.dump]), [
      [hex(newServiceRequest(WRR_SERVICE)), false],
      [hex(newDestRequest(WRR_SERVICE.key, MASQ_DEST)), false],
    ]);
  });

  it('an effect the kernel could not take is EINVAL and is never sent', async () => {
    const k = scripted(() => []);
    const client = await IpvsClient.open({ transport: k.transport });
    await assert.rejects(client.addDest(WRR_SERVICE.key, { ...MASQ_DEST, address: 'not-an-address' }), rejects('EINVAL', /not an inet address/));
    assert.equal(k.sent.length, 1); // the family lookup only
  });
});

describe('IpvsClient.readTable', () => {
  const v4Dests: IpvsDest[] = [MASQ_DEST, { ...MASQ_DEST, address: '10.0.0.12', weight: 3 }];
  const v6Dest: IpvsDest = { family: 'inet6', address: 'fd00::11', port: 443, forwarding: 'DR', weight: 1, upperThreshold: 0, lowerThreshold: 0 };

  it('dumps services, then each service\'s destinations, and pairs them up', async () => {
    // NEW_SERVICE / NEW_DEST requests share the dump replies' layout (replies.test.ts).
    const k = scripted((s) => {
      if (s.payload === hex(getServicesRequest())) return [newServiceRequest({ ...WRR_SERVICE, flags: 0x2 }), newServiceRequest(PERSISTENT_V6_SERVICE)];
      if (s.payload === hex(getDestsRequest(WRR_SERVICE.key))) return v4Dests.map((d) => newDestRequest(WRR_SERVICE.key, d));
      if (s.payload === hex(getDestsRequest(PERSISTENT_V6_SERVICE.key))) return [newDestRequest(PERSISTENT_V6_SERVICE.key, v6Dest)];
      return new Error('Request rejected: EINVAL');
    });
    const client = await IpvsClient.open({ transport: k.transport });
    assert.deepEqual(await client.readTable(), [
      { service: WRR_SERVICE, dests: v4Dests },
      { service: PERSISTENT_V6_SERVICE, dests: [v6Dest] },
    ]);
    assert.deepEqual(k.sent.slice(1).map((s) => s.options.dump), [true, true, true]);
  });

  it('an empty table is one dump', async () => {
    const k = scripted(() => []);
    const client = await IpvsClient.open({ transport: k.transport });
    assert.deepEqual(await client.readTable(), []);
    assert.equal(k.sent.length, 2);
  });

  it('a reply it cannot read fails the whole read (EPROTO), never a partial table', async () => {
    const k = scripted((s) => (s.payload === hex(getServicesRequest()) ? [newServiceRequest(WRR_SERVICE)] : [genlPayload(5, [nla.nest(2, [nla.u32(3, 0)])])]));
    const client = await IpvsClient.open({ transport: k.transport });
    await assert.rejects(client.readTable(), rejects('EPROTO', /dump destinations of TCP 10\.0\.0\.1:80: destination: ADDR/));
  });

  it('a failed dump names the errno', async () => {
    const k = scripted(() => new Error('Request rejected: EPERM'));
    const client = await IpvsClient.open({ transport: k.transport });
    await assert.rejects(client.readTable(), rejects('EPERM', /dump services/));
  });
});
