// `has` and `get` misses answer from a JS-side key set once `has` has been called often
// (lib/records.js, `#keySet`); every write must keep it in step. Compared with haro@16 after each
// kind of write, with the set built (many `has` calls) and with a cache too small for it.
import {describe, it} from 'node:test';
import {Pair, batchDel} from './helpers/compare.mjs';

const KEYS = ['a', 'b', 'c', 1, 2, '1', 'gone', 'new', 'n0', 'n1', NaN, -0];

function probe (p, label) {
	// enough calls to build the key set (a quarter of the size, at least 64)
	p.run(`${label}: has ×200`, s => {
		const out = [];
		for (let i = 0; i < 200; i++) out.push(s.has(KEYS[i % KEYS.length]));

		return out;
	});
	p.run(`${label}: get`, s => KEYS.map(k => s.get(k, true)));
	p.run(`${label}: registry`, s => s.registry);
}

for (const cacheSize of [undefined, 3]) {
	describe(`key presence after writes (recordCacheSize ${cacheSize ?? 'default'})`, () => {
		it('set, merge, delete, batch, batch del, override, clear', () => {
			const p = new Pair(M => {
				const s = new M.Haro({index: ['name'], versioning: true, ...(cacheSize && M.side === 'impl' ? {recordCacheSize: cacheSize} : {})});
				s.batch([{id: 'a', name: 'x'}, {id: 'b', name: 'y'}, {id: 1, name: 'z'}]);

				return s;
			}, {uuids: true});
			probe(p, 'loaded');
			p.run('set new', s => s.set('new', {name: 'n'}));
			p.run('set NaN key', s => s.set(NaN, {name: 'nan'}));
			probe(p, 'after set');
			p.run('merge', s => s.set('a', {name: 'x2'}));
			p.run('delete', s => s.delete('b'));
			probe(p, 'after delete');
			p.run('batch', s => s.batch([{id: 'n0'}, {id: 'n1'}, {id: '1'}]));
			probe(p, 'after batch');
			p.run('batch del', (s, M) => batchDel(s, ['n0', 1], M));
			p.run('batch del refused', (s, M) => batchDel(s, ['n1', 'gone'], M));
			probe(p, 'after batch del');
			p.run('override', s => s.override([['c', {id: 'c'}], [2, {id: 2}], [-0, {id: 0}]], 'records'));
			probe(p, 'after override');
			p.run('set after override', s => s.set('gone', {name: 'back'}));
			probe(p, 'after set');
			p.run('clear', s => s.clear());
			probe(p, 'after clear');
			p.run('set after clear', s => s.set('a', {name: 'again'}));
			probe(p, 'end');
			p.state('end');
		});

		it('a store bigger than the record cache keeps crossing, and stays right', () => {
			const p = new Pair(M => {
				const s = new M.Haro(M.side === 'impl' ? {recordCacheSize: 4} : {});
				s.batch(Array.from({length: 40}, (_, i) => ({id: `k${i}`})));

				return s;
			});
			p.run('has ×400', s => Array.from({length: 400}, (_, i) => s.has(`k${i % 50}`)));
			p.run('delete k3', s => s.delete('k3'));
			p.run('has after', s => Array.from({length: 50}, (_, i) => s.has(`k${i}`)));
		});
	});
}
