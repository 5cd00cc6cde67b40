// The `indexes` view and `dump('indexes')` against haro@16: what they hand out after the
// engine's decoded state is kept between calls (once per engine generation).
import {it} from 'node:test';
import assert from 'node:assert/strict';
import {haro} from '../index.mjs';
import {haro as haro16} from 'haro';

const records = Array.from({length: 300}, (_, i) => ({id: `r${i}`, a: i % 7, b: ['x', 'y', 'z'][i % 3], t: [`t${i % 4}`, `t${i % 5}`]}));
const config = {index: ['a', 'b', 'a|b', 't']};

/** `forEach` of every index view: the arguments each call gets, as plain data. */
function walk (store) {
	const out = [];
	store.indexes.forEach((view, name, map) => {
		assert.equal(map, store.indexes);
		view.forEach((set, key, m) => {
			assert.equal(m, view);
			out.push([name, key, [...set].sort()]);
		});
	});

	return out;
}

for (const immutable of [false, true]) {
	it(`dump('indexes') and the index views, repeated and across writes (immutable: ${immutable})`, () => {
		const a = haro(records, {...config, immutable});
		const b = haro16(records, {...config, immutable});
		for (let round = 0; round < 3; round++) {
			const da = a.dump('indexes');
			assert.deepEqual(da, b.dump('indexes'));
			// Each dump is the caller's own: changing it changes neither the store nor the next dump.
			da[0][1][0][1].push('intruder');
			da[0][1].length = 0;
			assert.deepEqual(a.dump('indexes'), b.dump('indexes'));
			assert.deepEqual(walk(a), walk(b));
			assert.deepEqual(walk(a), walk(b)); // the second walk reads what the first decoded
			for (const s of [a, b]) {
				s.set(`n${round}`, {a: round, b: 'x', t: ['t9']});
				s.delete(`r${round * 3}`);
			}
		}
	});
}
