// keys(), values() and entries() of a store the record cache holds are live, as haro's are (the
// cache's `Map`s' own iterators): one made before a write sees it; each case makes them on both
// sides, steps them, writes, and drains them, compared with haro@16 at every step. Past the
// cache, all three walk the store as it was when they were made (README, difference 16).
import './helpers/testing-addon.mjs'; // the test build packs every record (crates/haro-core/src/shape.rs): first, before the addon loads
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {IMPL, Pair} from './helpers/compare.mjs';
import {NAMED_MODES as MODES, people} from './helpers/suite.mjs';

const KINDS = ['keys', 'values', 'entries'];
const LIVE = KINDS;

// Writes made while the iterators are part way through (records u0…u5 in the store).
const WRITES = [
	['set a new key', s => s.set('n1', {id: 'n1', name: 'new', age: 1})],
	['update a later record', s => s.set('u4', {name: 'changed'})],
	['update an earlier record', s => s.set('u0', {name: 'changed'})],
	['delete a later record', s => s.delete('u3')],
	['delete and set a later key again', s => {
		s.delete('u2');
		s.set('u2', {id: 'u2', name: 'back', age: 2});
	}],
	['batch of new and old keys', s => s.batch([{id: 'n2', name: 'b'}, {id: 'u5', name: 'b5'}, {id: 'n3', name: 'c'}])],
	['delete the record just handed out', s => s.delete('u1')],
	['clear', s => s.clear()],
	['override the records', s => s.override([['o1', {id: 'o1', name: 'o'}], ['u5', {id: 'u5', name: 'o5'}]], 'records')],
	['batch of deletes', s => s.batch(['u4', 'u0'], 'del')],
	['immutable turned on or off', s => {
		s.immutable = !s.immutable;
	}]
];

// With an index the writes go to the engine at once; without, new records wait in its queue.
const STORES = [
	['indexed', {index: ['name', 'age']}],
	['without an index', {}]
];

describe('keys(), values() and entries() of a store the cache holds see writes made after they were made, as haro\'s', () => {
	for (const mode of MODES) {
		for (const [storeName, opts] of STORES) {
			for (const [writeName, write] of WRITES) {
				it(`${mode.name}, ${storeName}: ${writeName}`, () => {
					const p = new Pair((M) => {
						const s = new M.Haro({...mode, ...opts});
						s.batch(people(6));

						return s;
					}, {title: `${mode.name} ${storeName} ${writeName}`});
					const its = {ref: {}, impl: {}};
					p.runSnap('make and step', (s, M, side) => LIVE.map(k => {
						its[side][k] = s[k]();

						return [its[side][k].next(), its[side][k].next()];
					}));
					p.run('write', s => {
						write(s);

						return s.size;
					});
					p.runSnap('drain', (s, M, side) => LIVE.map(k => [...its[side][k]]));
					p.state();
				});
			}
		}
	}
});

for (const kind of KINDS) {
	it(`${kind}() of a store the cache holds, made before a write takes the store past the cache, goes on over the records it had (README, difference 16)`, () => {
		const s = new IMPL.Haro({recordCacheSize: 4});
		s.batch(people(4));
		const it = s[kind]();
		const keyOf = x => (kind === 'keys' ? x : kind === 'values' ? x.id : x[0]);
		const first = [it.next().value, it.next().value];
		s.set('n1', {id: 'n1', name: 'new'}); // (the fifth record: haro's iterator would reach it)
		s.set('u3', {name: 'changed'}); // (haro's would hand out the record changed)
		const rest = [...it];
		assert.deepEqual([...first, ...rest].map(keyOf), ['u0', 'u1', 'u2', 'u3']);
		if (kind !== 'keys') assert.equal((kind === 'values' ? rest[1] : rest[1][1]).name, 'n3'); // (as it was)
		assert.deepEqual([...s[kind]()].map(keyOf), ['u0', 'u1', 'u2', 'u3', 'n1']);
	});
}

describe('past the record cache, iterators walk the store as it was when they were made (README, difference 16)', () => {
	for (const kind of KINDS) {
		for (const pass of [1, 2, 3]) {
			it(`${kind}, pass ${pass}`, () => {
				const s = new IMPL.Haro({index: ['name'], recordCacheSize: 2});
				s.batch(people(6));
				for (let i = 1; i < pass; i++) [...s[kind]()]; // (a later pass may walk what an earlier one built)
				const it = s[kind]();
				const first = it.next().value;
				s.set('n1', {id: 'n1', name: 'new'});
				s.delete('u5');
				const rest = [...it];
				const keyOf = x => (kind === 'keys' ? x : kind === 'values' ? x.id : x[0]);
				assert.deepEqual([first, ...rest].map(keyOf), ['u0', 'u1', 'u2', 'u3', 'u4', 'u5']);
				assert.deepEqual([...s[kind]()].map(keyOf), ['u0', 'u1', 'u2', 'u3', 'u4', 'n1']);
			});
		}
	}
});

describe('an override whose entries repeat keys: it fits the record cache by its records, one a key', () => {
	// (fuzz16 seed 50198: 12 entries of 7 keys into recordCacheSize 10 counted as past the
	// cache, so values() walked a snapshot and handed out a record deleted since)
	for (const mode of MODES) {
		it(`a values() iterator made before a delete skips the record deleted (${mode.name})`, () => {
			const entries = [];
			for (let i = 0; i < 12; i++) entries.push([`k${i % 7}`, {id: `k${i % 7}`, v: i}]);
			const p = new Pair(M => {
				const s = new M.Haro({immutable: mode.immutable, versioning: mode.versioning, id: mode.id, recordCacheSize: 10});
				s.override(entries, 'records');

				return s;
			}, {uuids: true});
			p.run('iterate across a delete', s => {
				const it = s.values();
				const first = it.next().value;
				s.delete('k3');
				s.batch(['k4'], 'del');

				return [first, ...it];
			});
			p.state('after');
		});
	}
});
