// Type test: a project with neither lib.dom nor @types/node (`"lib": ["es2022"]`, `"types": []`,
// `skipLibCheck` off) compiles against index.d.ts, whose `save`/`load` name the global `URL`.
import {Haro} from 'haro';

const store = new Haro({index: ['name']});
store.set(null, {id: 'a', name: 'Ada'});
store.save('/tmp/store.bin');
export const size: number = store.size;
