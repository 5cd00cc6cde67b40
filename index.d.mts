// The typings of the ESM entry (index.mjs): the named exports of index.d.ts, and no default
// export, as index.mjs has none (a `.d.ts` shared by both entries let `import haro from
// 'haro-rs'` type-check, then fail to link at run time).
export * from './index.js';
