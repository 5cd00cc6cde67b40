// A subclass with lifecycle hooks: every hook runs, in haro@16's order, with haro@16's arguments.
// Run against haro itself to check the expectations: node check-hooks.mjs haro
import assert from 'node:assert/strict';

const name = process.argv[2] ?? 'haro-rs';
const {Haro} = await import(name);
const calls = [];

class Audited extends Haro {
	constructor (config) {
		super(config);
		this.audit = calls;
	}

	beforeBatch (args, type) {
		calls.push(['beforeBatch', args.length, type]);

		return args;
	}

	onbatch (result, type) {
		calls.push(['onbatch', result.length, type]);

		return {count: result.length, type};
	}

	beforeSet (key, data, batch, override) {
		calls.push(['beforeSet', key, batch, override]);
	}

	onset (record, batch) {
		calls.push(['onset', record[0], record[1].name, batch]);
	}

	beforeDelete (key, batch) {
		calls.push(['beforeDelete', key, batch]);
	}

	ondelete (key, batch) {
		calls.push(['ondelete', key, batch]);
	}

	beforeClear () {
		calls.push(['beforeClear', this.size]);
	}

	onclear () {
		calls.push(['onclear', this.size]);
	}

	onoverride (type) {
		calls.push(['onoverride', type]);
	}

	fullName (key) {
		return `${this.get(key, true).name}!`;
	}
}

const s = new Audited({index: ['name']});
assert.ok(s instanceof Haro && s instanceof Audited);
assert.equal(s.set(null, {id: 'a', name: 'x'})[0], 'a');
s.set('a', {name: 'y'});
assert.deepEqual(s.batch([{id: 'b', name: 'z'}, {id: 'c', name: 'x'}]), {count: 2, type: 'set'}, 'batch returns what onbatch returns');
assert.equal(s.fullName('b'), 'z!', 'subclass methods see the store');
assert.deepEqual(s.find({name: 'x'}), [['c', {id: 'c', name: 'x'}]]);
s.delete('a');
s.batch(['b'], 'del');
s.override([['d', {id: 'd', name: 'w'}]], 'records');
s.clear();
assert.equal(s.size, 0);

assert.deepEqual(calls, [
	['beforeSet', 'a', false, false],
	['onset', 'a', 'x', false],
	['beforeSet', 'a', false, false],
	['onset', 'a', 'y', false],
	['beforeBatch', 2, 'set'],
	['beforeSet', 'b', true, true],
	['onset', 'b', 'z', true],
	['beforeSet', 'c', true, true],
	['onset', 'c', 'x', true],
	['onbatch', 2, 'set'],
	['beforeDelete', 'a', false],
	['ondelete', 'a', false],
	['beforeBatch', 1, 'del'],
	['beforeDelete', 'b', true],
	['ondelete', 'b', true],
	['onbatch', 1, 'del'],
	['onoverride', 'records'],
	['beforeClear', 1],
	['onclear', 0]
]);

// Hooks set on an instance (not a subclass) run too.
const plain = new Haro();
let seen = null;
plain.onset = record => {
	seen = record[0];
};
plain.set('k', {v: 1});
assert.equal(seen, 'k', 'an instance-level onset hook runs');
console.log(`ok - subclass of ${name}'s Haro: ${calls.length} lifecycle hook calls in haro@16 order`);
