// import {Haro, haro} from '<name>' works (ESM entry), and matches the CommonJS exports.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {exercise, assertLoadedFromProject} from './common.mjs';

const name = process.argv[2] ?? 'haro-rs';
const platformPackage = process.argv[3];
const ns = await import(name);
const {Haro, haro} = ns;
exercise({Haro, haro}, `import from '${name}'`);
const require = createRequire(import.meta.url);
const cjs = require(name);
exercise(cjs, `require('${name}')`);
let pkgName;
try {
	pkgName = require(`${name}/package.json`).name;
} catch {
	// haro@16 does not export ./package.json
}
if (pkgName === 'haro-rs') {
	// haro-rs's ESM entry re-exports the CommonJS one (haro@16 itself ships two copies)
	assert.equal(Haro, cjs.Haro, 'ESM and CommonJS entries export the same Haro (no dual-package hazard)');
	assert.equal(haro, cjs.haro, 'ESM and CommonJS entries export the same haro');
}
const natives = assertLoadedFromProject(`import from '${name}'`, platformPackage);
console.log(`ok - import {Haro, haro} from '${name}' (${import.meta.resolve(name)}); native: ${natives.join(', ')}`);
