'use strict';
// Run with --expose-gc --trace-deopt: fills two stores, drops them, collects, then fills a
// third (what a benchmark's warm-up, or a request's own store, does). warm.test.mjs counts
// the optimized code V8 threw away because the maps it was made for died in the collection.
const {Haro} = require(process.argv[2]);

const recs = [];
for (let i = 0; i < 2000; i++) recs.push({id: `k${i}`, name: `n${i % 50}`, age: i % 70, tags: ['a', 'b'], meta: {x: i}});
const load = n => {
	const s = new Haro({index: []});
	for (let i = 0; i < n; i++) s.set(null, recs[i]);

	return s.size;
};
load(1000);
load(1000);
setTimeout(() => {
	globalThis.gc();
	globalThis.gc();
	process.stdout.write(`@@loaded ${load(2000)}\n`);
}, 20);
