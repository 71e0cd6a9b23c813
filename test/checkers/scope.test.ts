// A probe's scope: settles once, releases everything it registered, turns throws into failures,
// and honours its AbortSignal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withProbeScope } from '../../adapters/checkers/scope.js';
import { PASSED } from '../../adapters/checkers/outcome.js';

describe('probe scope', () => {
  it('settles once and runs every cleanup, newest first, once', async () => {
    const order: string[] = [];
    let lateTimerRan = false;
    const outcome = await withProbeScope(undefined, (scope) => {
      scope.onCleanup(() => order.push('first'));
      scope.onCleanup(() => order.push('second'));
      scope.after(20, () => {
        lateTimerRan = true;
      });
      scope.finish(PASSED);
      scope.finish({ ok: false, detail: 'too late' });
    });
    assert.deepEqual(outcome, PASSED);
    assert.deepEqual(order, ['second', 'first']);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(lateTimerRan, false, 'a timer of a settled probe never fires');
  });

  it('a throw, in the body or in a callback, is a failed outcome, not a crash', async () => {
    assert.deepEqual(await withProbeScope(undefined, () => {
      throw new Error('boom');
    }), { ok: false, detail: 'checker internal error: boom' });
    assert.deepEqual(await withProbeScope(undefined, (scope) => {
      setTimeout(scope.guard(() => {
        throw new Error('late boom');
      }), 5);
    }), { ok: false, detail: 'checker internal error: late boom' });
  });

  it('an abort settles it as cancelled and releases what it holds', async () => {
    const controller = new AbortController();
    let released = false;
    const running = withProbeScope(controller.signal, (scope) => {
      scope.onCleanup(() => {
        released = true;
      });
    });
    controller.abort();
    assert.deepEqual(await running, { ok: false, detail: 'probe cancelled' });
    assert.equal(released, true);
    const before = new AbortController();
    before.abort();
    assert.deepEqual(await withProbeScope(before.signal, () => {
      throw new Error('never run');
    }), { ok: false, detail: 'probe cancelled' });
  });
});
