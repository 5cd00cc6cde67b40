'use strict';
// V8 compiles a function the first time it runs: ~8 µs a function on the machine of the
// README's figures, and a first `find` runs a dozen of them (140 µs, where haro's first find
// takes 20). A short script on throwaway stores pays that once, when the module loads
// (~3 ms, 1 of them the first store's own set-up), rather than a short-lived process or a
// service's first requests paying it call by call. Nothing that sorts strings (a composite
// index, sortBy): the first localeCompare starts ICU's collator, 5 ms a program that never
// sorts should not pay. HARO_RS_WARMUP=0 skips it.

/**
 * Runs the common paths of `Haro` once on small stores of its own; whether it did. Never
 * throws: what fails goes to `failed` (the tests make it throw).
 */
function warm (Haro, failed = () => {}) {
	if (process.env.HARO_RS_WARMUP === '0') return false;
	try {
		for (const config of [{index: ['a']}, {index: ['a', 'b'], immutable: true, versioning: true}]) {
			const s = new Haro(config);
			s.batch([{id: 1, a: 'x', b: 2, d: new Date(0)}, {id: 2, a: 'y', b: 3, t: ['p', 'q']}]);
			s.set(3, {a: 'z', b: 1});
			s.set(1, {b: 4});
			s.set(null, {a: 'w'});
			s.get(1);
			s.get(9);
			s.has(1);
			s.has(9);
			s.find({a: 'x'});
			s.find({b: 2}, true);
			s.where({a: ['x', 'y']});
			s.where({a: 'x'}, '&&');
			s.search('x', 'a');
			s.search(/x/, 'a');
			s.forEach(() => {});
			s.map(r => r.id);
			s.filter(r => r.b > 1);
			s.reduce(a => a, 0);
			for (const iterator of [s.keys(), s.values(), s.entries()]) Array.from(iterator);
			s.toArray();
			s.limit(0, 1);
			s.delete(3);
			const records = s.dump();
			s.dump('indexes');
			s.reindex('b');
			const o = new Haro(config);
			o.override(records);
			o.get(1);
			o.clear();
			s.clear();
		}
	} catch (e) {
		failed(e); // only ever a lost head start
	}

	return true;
}

module.exports = {warm};
