// require('<name>') works (CommonJS entry).
'use strict';
const name = process.argv[2] ?? 'haro-rs';
const platformPackage = process.argv[3];
const assert = require('node:assert/strict');
const mod = require(name);
assert.deepEqual(Object.keys(mod).filter(k => k === 'Haro' || k === 'haro').sort(), ['Haro', 'haro']);
import('./common.mjs').then(({exercise, assertLoadedFromProject}) => {
	exercise(mod, `require('${name}')`);
	const natives = assertLoadedFromProject(`require('${name}')`, platformPackage);
	console.log(`ok - require('${name}') from ${require.resolve(name)}; native: ${natives.join(', ')}`);
}).catch(e => {
	console.error(e);
	process.exit(1);
});
