#!/usr/bin/env node
// Run by `npm version` (the package's `version` script), after `napi version` has moved the
// npm/<platform> packages to the root's new version. Moves the rest with them:
//   - package.json's optionalDependencies haro-rs-<platform> (what pack.mjs and the install
//     test check; `napi pre-publish` would set them only at publish time);
//   - package-lock.json's hand-written entries for those packages (they are not on the
//     registry until published, so npm cannot write them itself);
//   - the version the committed loader native.js expects (otherwise regenerated only by
//     `npm run build`), so that a release made from the tagged commit matches its packages.
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PREFIX = 'haro-rs-';
const path = f => join(root, f);
const readJson = f => JSON.parse(readFileSync(path(f), 'utf8'));
const writeJson = (f, v) => writeFileSync(path(f), `${JSON.stringify(v, null, 2)}\n`);

const pkg = readJson('package.json');
const {version} = pkg;
for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
	if (name.startsWith(PREFIX)) pkg.optionalDependencies[name] = version;
}
writeJson('package.json', pkg);

const lock = readJson('package-lock.json');
const top = lock.packages?.[''];
if (top?.optionalDependencies) {
	for (const name of Object.keys(top.optionalDependencies)) {
		if (name.startsWith(PREFIX)) top.optionalDependencies[name] = version;
	}
}
for (const [where, entry] of Object.entries(lock.packages ?? {})) {
	if (where.startsWith(`node_modules/${PREFIX}`)) entry.version = version;
}
writeJson('package-lock.json', lock);

const text = readFileSync(path('native.js'), 'utf8');
const next = text
	.replace(/bindingPackageVersion !== '[^']*'/g, `bindingPackageVersion !== '${version}'`)
	.replace(/expected [^ `]+ but got/g, `expected ${version} but got`);
if (next !== text) writeFileSync(path('native.js'), next);
console.error(`[sync-version] optionalDependencies, package-lock.json entries and native.js now at ${version}`);
