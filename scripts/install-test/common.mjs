// Shared by the install-test checks, which run inside a scratch project (not this checkout).
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {realpathSync} from 'node:fs';
import {sep} from 'node:path';

const require = createRequire(import.meta.url);
export const project = realpathSync(process.cwd());

// The store works end to end: factory, index, find, get, raw, versions, delete.
export function exercise ({Haro, haro}, label) {
	assert.equal(typeof Haro, 'function', `${label}: Haro is a class`);
	assert.equal(typeof haro, 'function', `${label}: haro is a function`);
	const store = haro([{id: 1, name: 'a', tags: ['x']}, {id: 2, name: 'b', tags: ['x', 'y']}], {index: ['name', 'tags'], versioning: true});
	assert.ok(store instanceof Haro, `${label}: haro() returns a Haro`);
	assert.equal(store.size, 2);
	assert.deepEqual(store.find({name: 'a'}), [[1, {id: 1, name: 'a', tags: ['x']}]]);
	assert.deepEqual(store.find({tags: 'x'}, true).map(r => r.id), [1, 2]);
	assert.deepEqual(store.get(2, true), {id: 2, name: 'b', tags: ['x', 'y']});
	assert.equal(store.get('2'), null, `${label}: 2 and "2" are different keys`);
	store.set(2, {name: 'c'});
	assert.deepEqual(store.get(2), [2, {id: 2, name: 'c', tags: ['x', 'y']}]);
	assert.equal(store.versions.get(2).size, 1);
	store.delete(1);
	assert.deepEqual(store.registry, [2]);
	// store.stats(): what the engine holds, by part, and the record cache's hits and misses
	const st = store.stats();
	assert.equal(st.records, 1);
	assert.deepEqual(Object.keys(st.indexes), ['name', 'tags']);
	assert.deepEqual([st.indexes.name.keys, st.indexes.tags.keys, st.indexes.tags.entries], [1, 2, 2]);
	assert.deepEqual(st.versions, {keys: 1, count: 1});
	assert.equal(st.bytes.total, st.bytes.records + st.bytes.indexes + st.bytes.versions);
	assert.ok(st.bytes.records > 0 && st.bytes.indexes > 0 && st.bytes.versions > 0, `${label}: stats bytes ${JSON.stringify(st.bytes)}`);
	assert.ok(st.recordCache.hits + st.recordCache.misses > 0);
	assert.equal(st.queryCache, null);
	const frozen = new Haro({immutable: true});
	const rec = frozen.set('k', {v: 1});
	assert.ok(Object.isFrozen(rec) && Object.isFrozen(rec[1]), `${label}: immutable mode freezes`);
}

// Every native binary loaded so far lives in this project's node_modules, in the platform package.
export function assertLoadedFromProject (label, platformPackage) {
	const natives = Object.keys(require.cache).filter(f => f.endsWith('.node'));
	const all = Object.keys(require.cache);
	for (const f of all) {
		assert.ok(realpathSync(f).startsWith(project + sep), `${label}: ${f} was loaded from outside the scratch project ${project}`);
	}
	if (platformPackage) {
		assert.ok(natives.length > 0, `${label}: no native binary was loaded (require.cache has no .node file)`);
		for (const f of natives) {
			assert.ok(f.includes(`${sep}node_modules${sep}${platformPackage}${sep}`), `${label}: native binary ${f} is not from ${platformPackage}`);
		}
	}

	return natives;
}
