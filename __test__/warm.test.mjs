// lib/warm.js: the script run at load goes through to its end (a step that threw would leave
// every later path cold), on its own stores only, and HARO_RS_WARMUP=0 turns it off.
import {it} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const {Haro} = require('../index.js');
const {warm} = require('../lib/warm.js');

it('the warm-up runs every step without an error, and leaves Date.prototype as it was', () => {
	const toJSON = Date.prototype.toJSON;
	assert.equal(warm(Haro, e => {
		throw e;
	}), true);
	assert.equal(Date.prototype.toJSON, toJSON);
});

it('a store made after the warm-up starts empty, with nothing of the warm-up in it', () => {
	const s = new Haro({index: ['a']});
	assert.equal(s.size, 0);
	assert.deepEqual(s.find({a: 'x'}), []);
	assert.deepEqual([...s.indexes.keys()], ['a']);
});

it('HARO_RS_WARMUP=0 skips it', () => {
	const src = `process.stdout.write(String(require(${JSON.stringify(require.resolve('../lib/warm.js'))}).warm(require(${JSON.stringify(require.resolve('../index.js'))}).Haro)))`;
	assert.equal(execFileSync(process.execPath, ['-e', src], {encoding: 'utf8', env: {...process.env, HARO_RS_WARMUP: '0'}}), 'false');
	assert.equal(execFileSync(process.execPath, ['-e', src], {encoding: 'utf8', env: {...process.env, HARO_RS_WARMUP: ''}}), 'true');
});
