// A delete of a record the engine holds, while new records wait in a queue of sets, is one
// crossing: the engine is not asked first whether it holds the key (lib/engine.js `#unqueued`),
// and nothing lands. The binding's `hot()` calls are counted by wrapping the object the engine
// takes at load, so this file patches the binding before it loads the library.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const native = require('../lib/binding.js');
const calls = {has: 0, hasN: 0, delete: 0, deleteN: 0, sent: 0};
const hot = native.hot;
native.hot = () => {
	const h = hot();
	for (const name of ['has', 'hasN', 'delete', 'deleteN']) {
		const f = h[name];
		h[name] = (...a) => (calls[name]++, f(...a));
	}

	return h;
};
for (const name of ['setRecords', 'setChunk', 'setRecordsLater']) {
	const f = native[name];
	native[name] = (...a) => (calls.sent++, f(...a));
}
const rs = require('../index.js');
// (after the patch: the helpers load the library too)
const {Pair} = await import('./helpers/compare.mjs');

const counted = fn => {
	const before = {...calls};
	fn();

	return Object.fromEntries(Object.keys(calls).map(k => [k, calls[k] - before[k]]));
};

describe('a delete of a landed record while new ones wait', () => {
	for (const numbers of [false, true]) {
		const k = i => numbers ? i : `k${i}`;
		it(`crosses once and lands nothing (${numbers ? 'number' : 'string'} keys)`, () => {
			const s = rs.haro(null, {});
			for (let i = 0; i < 5; i++) s.set(k(i), {v: i});
			s.stats(); // lands them
			for (let i = 5; i < 8; i++) s.set(k(i), {v: i}); // wait in the queue
			const d = counted(() => s.delete(k(1)));
			assert.equal(d.has + d.hasN, 0, 'the engine was asked whether it holds the key');
			assert.equal(d.delete + d.deleteN, 1);
			assert.equal(d.sent, 0, 'the queue landed');
			// a key neither queued nor held: still haro's error, and nothing lands
			const e = counted(() => assert.throws(() => s.delete(k(99)), /not found/i));
			assert.equal(e.sent, 0);
			// a key deleted while it waited: gone, not found again
			s.delete(k(6));
			assert.throws(() => s.delete(k(6)), /not found/i);
			assert.deepEqual(s.toArray().map(r => r.v), [0, 2, 3, 4, 5, 7]);
			assert.deepEqual(Array.from(s.keys()), [0, 2, 3, 4, 5, 7].map(k));
		});
	}

	it('tells a landed key from a queued one of the same Map key: \'1\' and 1, -0 and 0', () => {
		for (const [landed, queued, other] of [['1', 1, 2], [1, '1', '2'], [-0, '0', 3], ['0', 0, 4]]) {
			const s = rs.haro(null, {});
			s.set(landed, {v: 'landed'});
			s.stats();
			s.set(queued, {v: 'queued'});
			s.set(other, {v: 'other'});
			const d = counted(() => s.delete(landed));
			assert.equal(d.sent, 0);
			assert.deepEqual(s.toArray().map(r => r.v), ['queued', 'other']);
			assert.ok(s.has(queued) && !s.has(landed));
			s.delete(queued); // the queued one, taken out where it waits
			assert.equal(counted(() => assert.throws(() => s.delete(landed), /not found/i)).sent, 0);
			assert.deepEqual(s.toArray().map(r => r.v), ['other']);
			s.stats();
			assert.deepEqual(Array.from(s.keys()), [other]);
		}
	});

	it('agrees with haro@16 in a rolling window, with and without versioning or a delete hook, a landing between', () => {
		for (const [cfg, hooked] of [[{}, false], [{}, true], [{versioning: true}, false], [{versioning: true}, true], [{immutable: true}, false]]) {
			const p = new Pair(M => {
				const s = M.haro(null, cfg);
				if (hooked) s.ondelete = () => {}; // (haro-rs then deletes in haro's order, in JS)

				return s;
			}, {uuids: true, title: `${JSON.stringify(cfg)}${hooked ? ' with ondelete' : ''}`});
			for (let i = 0; i < 40; i++) {
				p.run(`set ${i}`, s => s.set(`w${i}`, {i, tags: [i % 3]}));
				if (i >= 5) p.run(`delete ${i - 5}`, s => s.delete(`w${i - 5}`));
				if (i % 7 === 0) p.run('land (an index dump needs the engine)', s => s.dump('indexes'));
				if (i % 11 === 0) p.run('delete a missing key', s => s.delete('nope'));
			}
			p.run('override then delete', s => {
				s.override(s.dump('records'), 'records');
				s.delete('w39');
			});
			p.state();
		}
	});

	it('a versioned store deletes a landed record without landing its queue, and keeps haro\'s answers', () => {
		const s = rs.haro(null, {versioning: true});
		s.set('a', {v: 1});
		s.stats();
		s.set('b', {v: 2});
		assert.equal(counted(() => s.delete('a')).sent, 0);
		assert.deepEqual(s.toArray(), [{v: 2, id: 'b'}]);
		assert.equal(s.versions.get('a'), undefined);
	});
});
