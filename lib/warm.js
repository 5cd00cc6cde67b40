'use strict';
// V8 compiles a function the first time it runs: ~8 µs a function on the machine of the
// README's figures, and a first `find` runs a dozen of them (~200 µs; haro's ~140). A short
// script on a throwaway store pays that once, when the module loads (~4 ms, 1 of them the
// first store's own set-up), rather than a short-lived process or a service's first
// requests paying it call by call (bench/first-call.mjs). Nothing that sorts strings (sortBy):
// the first localeCompare loads ICU's collation data, 8–18 ms a program that never sorts
// should not pay (a composite index of lowercase field names needs none: lib/collation.js).
// HARO_RS_WARMUP=0 skips it.
//
// The script's stores are kept for the life of the process. V8's optimized code holds the maps
// (hidden classes) of the objects it was compiled for weakly: a class instance's map is reached
// from its constructor only through transitions, which the GC may drop once no object has the
// map. In a program whose stores all die (a load into a store made for one request, a test
// suite, a benchmark's warm-up), a collection then took those maps, and with them the optimized
// code of `set`, `#sync`, `defer`, `pair`…: the next store's writes ran unoptimized until V8
// compiled them again (`node --trace-deopt`: "embedded weak objects cleared" on Node 24 and
// 26, "weak objects" on Node 20).

const kept = [];

/**
 * Runs the common paths of `Haro` once on a small store of its own; whether it did. Never
 * throws: what fails goes to `failed` (the tests make it throw).
 */
function warm (Haro, failed = () => {}) {
	if (process.env.HARO_RS_WARMUP === '0') return false;
	try {
		// One record shape and string keys throughout, mutable only: what the script teaches
		// V8's inline caches stays one case beside the program's own (a cache that has seen
		// more than four shapes goes megamorphic: get at 100k records ran 73 -> 133 ns).
		const s = new Haro({index: ['a']});
		s.batch([{id: 'w1', a: 'x', b: 1}, {id: 'w2', a: 'y', b: 2}]);
		s.set('w3', {id: 'w3', a: 'z', b: 3});
		s.set('w1', {id: 'w1', a: 'x', b: 4});
		s.get('w1');
		s.get('w9');
		s.has('w1');
		s.has('w9');
		s.find({a: 'x'});
		s.find({a: 'x'}, true);
		s.where({a: ['x', 'y']});
		s.search('x', 'a');
		s.search(/x/, 'a');
		s.forEach(() => {});
		s.map(r => r.b);
		s.filter(r => r.b > 1);
		s.reduce(a => a, 0);
		for (const iterator of [s.keys(), s.values(), s.entries()]) Array.from(iterator);
		s.toArray();
		s.limit(0, 1);
		s.delete('w3');
		const records = s.dump();
		s.dump('indexes');
		s.reindex('b');
		const o = new Haro({index: ['a']});
		o.override(records);
		o.get('w1');
		// V8 gives a function its inline caches after ~8 calls; a program calls `clear` a few
		// times, each cold: 16 runs here fill them (8 left Node 20's empty: README, `clear`).
		for (let i = 0; i < 16; i++) o.clear();
		if (kept.length === 0) kept.push(s, o); // s with its records: an Entry's map is one of those kept
	} catch (e) {
		failed(e); // only ever a lost head start
	}

	return true;
}

module.exports = {warm};
