// ESM entry: the same classes as the CommonJS one, so both module systems share a store type.
import cjs from './index.js';

export const {Haro, haro} = cjs;
