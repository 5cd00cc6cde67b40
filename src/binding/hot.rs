//! The calls made once per record or per read (`has`, `get`, `set`, `delete`, `findKey`,
//! `size`, `generation`), once per query (`find`, `search`, `whereIds`), and `clear` (called
//! once, cold, where the wrapper costs most) as plain N-API callbacks, handed to JS as one
//! object by `hot()`.
//!
//! napi-rs's generated wrapper opens a borrow scope on every call (a thread-local push and
//! pop, a lock), for borrowed buffers and async results that none of these take or give: a
//! call that does nothing else cost 98–106 ns through `#[napi]` and 24–25 ns as a plain
//! callback (Node 20, 22, 24). Arguments and results still go through napi-rs's own
//! conversions, and errors and panics are thrown as its wrapper throws them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{queries, reads, writes, KeyArg, StrArg, StrKey, Text};

type Value = sys::napi_value;

/// Runs a call of `N` arguments (missing ones read as `undefined`): its error, or a
/// panic, is thrown into JS.
unsafe fn call<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    f: impl FnOnce(&[Value; N]) -> Result<Value>,
) -> Value {
    let mut argc = N;
    let mut argv = [ptr::null_mut(); N];
    let out = match sys::napi_get_cb_info(
        env,
        info,
        &mut argc,
        argv.as_mut_ptr(),
        ptr::null_mut(),
        ptr::null_mut(),
    ) {
        sys::Status::napi_ok => catch_unwind(AssertUnwindSafe(|| f(&argv)))
            .map_err(panic_to_error)
            .and_then(|r| r),
        status => Err(Error::new(
            Status::from(status),
            "cannot read the arguments",
        )),
    };
    out.unwrap_or_else(|e| {
        JsError::from(e).throw_into(env);
        ptr::null_mut()
    })
}

unsafe fn arg<T: FromNapiValue>(env: sys::napi_env, v: Value) -> Result<T> {
    T::from_napi_value(env, v)
}

/// A string key as read (`has` and `get` look it up without making a `Key` of it).
unsafe fn key_text(env: sys::napi_env, v: Value) -> Result<StrArg> {
    StrArg::from_napi_value(env, v)
        .map_err(|_| Error::new(Status::StringExpected, "a key must be a string"))
}

unsafe fn ret<T: ToNapiValue>(env: sys::napi_env, r: Result<T>) -> Result<Value> {
    T::to_napi_value(env, r?)
}

unsafe extern "C" fn has(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, k]: &[Value; 2]| {
        ret(env, reads::has(arg(env, *s)?, key_text(env, *k)?))
    })
}

unsafe extern "C" fn has_n(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, k]: &[Value; 2]| {
        ret(env, reads::has_n(arg(env, *s)?, arg(env, *k)?))
    })
}

unsafe extern "C" fn get(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, k]: &[Value; 2]| {
        ret(env, reads::get(arg(env, *s)?, key_text(env, *k)?))
    })
}

unsafe extern "C" fn get_n(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, k]: &[Value; 2]| {
        ret(env, reads::get_n(arg(env, *s)?, arg(env, *k)?))
    })
}

unsafe extern "C" fn set(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, k, t, r]: &[Value; 4]| {
        let (s, k) = (arg(env, *s)?, arg::<StrKey>(env, *k)?);
        let (t, r) = (arg::<Text>(env, *t)?, arg(env, *r)?);
        ret(env, writes::set(Env::from_raw(env), s, k, t, r))
    })
}

unsafe extern "C" fn set_n(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, k, t, r]: &[Value; 4]| {
        let (s, k) = (arg(env, *s)?, arg(env, *k)?);
        let (t, r) = (arg::<Text>(env, *t)?, arg(env, *r)?);
        ret(env, writes::set_n(Env::from_raw(env), s, k, t, r))
    })
}

unsafe extern "C" fn delete(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, k, v]: &[Value; 3]| {
        let (s, k, v) = (arg(env, *s)?, arg::<StrKey>(env, *k)?, arg(env, *v)?);
        ret(env, writes::delete(Env::from_raw(env), s, k, v))
    })
}

unsafe extern "C" fn delete_n(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, k, v]: &[Value; 3]| {
        let (s, k, v) = (arg(env, *s)?, arg(env, *k)?, arg(env, *v)?);
        ret(env, writes::delete_n(Env::from_raw(env), s, k, v))
    })
}

unsafe extern "C" fn find_key(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, n, k, r, o]: &[Value; 5]| {
        let (s, n) = (arg(env, *s)?, arg::<StrArg>(env, *n)?);
        let (k, r) = (arg::<KeyArg>(env, *k)?, arg(env, *r)?);
        ret(env, queries::find_key(s, n, k, r, || arg(env, *o)))
    })
}

unsafe extern "C" fn find(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, q, o]: &[Value; 3]| {
        ret(
            env,
            queries::find(arg(env, *s)?, arg(env, *q)?, arg(env, *o)?),
        )
    })
}

unsafe extern "C" fn search(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, q, o]: &[Value; 3]| {
        ret(
            env,
            queries::search(arg(env, *s)?, arg(env, *q)?, arg(env, *o)?),
        )
    })
}

unsafe extern "C" fn where_ids(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, q, a, f, o]: &[Value; 5]| {
        let (s, q) = (arg(env, *s)?, arg(env, *q)?);
        let (a, f) = (arg(env, *a)?, arg(env, *f)?);
        ret(env, queries::where_ids(s, q, a, f, arg(env, *o)?))
    })
}

unsafe extern "C" fn clear(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s, r]: &[Value; 2]| {
        let (s, r) = (arg(env, *s)?, arg(env, *r)?);
        ret(env, super::clear(Env::from_raw(env), s, r))
    })
}

unsafe extern "C" fn size(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s]: &[Value; 1]| {
        ret(env, super::size(arg(env, *s)?))
    })
}

unsafe extern "C" fn generation(env: sys::napi_env, info: sys::napi_callback_info) -> Value {
    call(env, info, |[s]: &[Value; 1]| {
        ret(env, super::generation(arg(env, *s)?))
    })
}

/// The hot calls, by their JS names: `{has, hasN, get, getN, set, setN, delete, deleteN,
/// findKey, find, search, whereIds, size, generation, clear}` (lib/engine.js takes them once).
#[napi(catch_unwind)]
pub fn hot(env: &Env) -> Result<Object<'_>> {
    let calls: [(&str, napi::Callback); 15] = [
        ("has", has),
        ("hasN", has_n),
        ("get", get),
        ("getN", get_n),
        ("set", set),
        ("setN", set_n),
        ("delete", delete),
        ("deleteN", delete_n),
        ("findKey", find_key),
        ("find", find),
        ("search", search),
        ("whereIds", where_ids),
        ("size", size),
        ("generation", generation),
        ("clear", clear),
    ];
    let mut out = Object::new(env)?;
    for (name, f) in calls {
        out.set_named_property(name, env.create_function::<(), ()>(name, f)?)?;
    }
    Ok(out)
}
