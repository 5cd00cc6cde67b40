// Unmodified haro code: `import {haro} from 'haro'` where haro is haro-rs installed under the name haro.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {haro, Haro} from 'haro';
import {exercise, assertLoadedFromProject} from './common.mjs';

const require = createRequire(import.meta.url);
const platformPackage = process.argv[2];
const manifest = JSON.parse(readFileSync(new URL('./node_modules/haro/package.json', import.meta.url), 'utf8'));
assert.equal(manifest.name, 'haro-rs', 'node_modules/haro is haro-rs');
exercise({Haro, haro}, "import {haro} from 'haro'");
exercise(require('haro'), "require('haro')");
// the example from haro's README, unchanged
const store = haro(null, {index: ['name']});
const record = store.set(null, {abc: true, name: 'Jason'});
assert.equal(typeof record[0], 'string');
assert.deepEqual(store.find({name: 'Jason'}).map(([, r]) => r.abc), [true]);
const natives = assertLoadedFromProject("import {haro} from 'haro'", platformPackage);
console.log(`ok - import {haro} from 'haro' runs haro-rs ${manifest.version}; native: ${natives.join(', ')}`);
