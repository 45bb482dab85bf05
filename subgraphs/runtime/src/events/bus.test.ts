import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing';
import { type Bus, InProcessBus, RedisBus } from './bus';

const kinds: [string, () => Bus][] = [['in-process', () => new InProcessBus()]];
if (process.env.REDIS_URL) {
  const url = process.env.REDIS_URL;
  kinds.push(['redis', () => new RedisBus(url, `wg-test-${process.pid}-${Date.now()}:`)]);
}

describe.each(kinds)('transient fan-out (%s)', (_kind, make) => {
  const open: Bus[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });

  it('delivers to every subscriber of the channel and to nobody after unsubscribe', async () => {
    const bus = make();
    open.push(bus);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const other: unknown[] = [];
    const stopA = await bus.subscribeTransient('t1', (m) => a.push(m));
    await bus.subscribeTransient('t1', (m) => b.push(m));
    await bus.subscribeTransient('t2', (m) => other.push(m));

    await bus.publishTransient('t1', { n: 1 });
    await eventually(async () => a.length === 1 && b.length === 1);
    expect(a).toEqual([{ n: 1 }]);
    expect(b).toEqual([{ n: 1 }]);

    await stopA();
    await bus.publishTransient('t1', { n: 2 });
    await eventually(async () => b.length === 2);
    expect(b).toEqual([{ n: 1 }, { n: 2 }]);
    expect(a).toEqual([{ n: 1 }]);
    expect(other).toEqual([]);
  });
});
