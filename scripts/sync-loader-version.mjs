#!/usr/bin/env node
// Run by `npm version` (the package's `version` script), after `napi version` has moved the
// platform packages: the committed loader native.js names the version it expects, and is
// otherwise regenerated only by `npm run build`; give it the new version now, so that a
// release made from the tagged commit carries a loader that matches its packages.
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const file = join(root, 'native.js');
const text = readFileSync(file, 'utf8');
const next = text
	.replace(/bindingPackageVersion !== '[^']*'/g, `bindingPackageVersion !== '${version}'`)
	.replace(/expected [^ `]+ but got/g, `expected ${version} but got`);
if (next !== text) writeFileSync(file, next);
console.error(`[sync-loader-version] native.js expects ${version}`);
