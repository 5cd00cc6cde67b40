//! haro's `merge`.

use std::borrow::Cow;

use super::{Val, MAX_DEPTH};
use crate::error::{Error, Result};

/// haro's `merge(a, b)`: arrays concatenate, objects merge key by key, anything else
/// is replaced. `typeof` decides what is an object, so a `Date` merges as one with no
/// own keys: a new date never replaces an old one. Combinations JS can build but JSON
/// cannot hold (named properties on an array or a date) are refused.
pub fn merge<'a>(a: Val<'a>, b: Val<'a>, depth: usize) -> Result<Val<'a>> {
    if depth > MAX_DEPTH {
        return Err(Error::TooDeep);
    }
    match (a, b) {
        (Val::Arr(mut x), Val::Arr(y)) => {
            x.extend(y);
            Ok(Val::Arr(x))
        }
        (a, b) if a.is_object() && b.is_object() => {
            let entries: Vec<(Cow<'a, str>, Val<'a>)> = match b {
                Val::Obj(props) => props,
                // haro walks `Object.keys(b)`: a hole is no key.
                Val::Arr(items) => items
                    .into_iter()
                    .enumerate()
                    .filter(|(_, v)| !matches!(v, Val::Hole))
                    .map(|(i, v)| (Cow::Owned(i.to_string()), v))
                    .collect(),
                _ => Vec::new(),
            };
            let mut a = a;
            // Wide objects: find properties through a map, not a scan per property.
            let mut at: Option<hashbrown::HashMap<Cow<'a, str>, usize>> = None;
            for (k, v) in entries {
                if let (Val::Obj(props), None) = (&a, &at) {
                    if props.len() > 32 {
                        at = Some(
                            props
                                .iter()
                                .enumerate()
                                .map(|(i, (k, _))| (k.clone(), i))
                                .collect(),
                        );
                    }
                }
                match (&mut a, &mut at) {
                    (Val::Obj(props), Some(at)) => match at.get(&k) {
                        Some(&i) => {
                            let old = std::mem::replace(&mut props[i].1, Val::Undef);
                            props[i].1 = merge(old, v, depth + 1)?;
                        }
                        None => {
                            at.insert(k.clone(), props.len());
                            props.push((k, merge(Val::Undef, v, depth + 1)?));
                        }
                    },
                    _ => assign(&mut a, k, v, depth)?,
                }
            }
            Ok(a)
        }
        (_, b) => Ok(b),
    }
}

/// `a[k] = merge(a[k], v)` on an object or array target.
fn assign<'a>(target: &mut Val<'a>, k: Cow<'a, str>, v: Val<'a>, depth: usize) -> Result<()> {
    match target {
        Val::Obj(props) => {
            if let Some(slot) = props.iter_mut().find(|(name, _)| *name == k) {
                let old = std::mem::replace(&mut slot.1, Val::Undef);
                slot.1 = merge(old, v, depth + 1)?;
            } else {
                props.push((k, merge(Val::Undef, v, depth + 1)?));
            }
            Ok(())
        }
        Val::Arr(items) => match array_index(&k) {
            Some(i) if i < items.len() => {
                let old = std::mem::replace(&mut items[i], Val::Undef);
                items[i] = merge(old, v, depth + 1)?;
                Ok(())
            }
            // Past the end, as `a[i] = …` in JS: holes up to it (a sparse array no longer
            // than a record may hold: `MAX_SPARSE`, lib/codec.js).
            Some(i) if i < MAX_LENGTH && (i == items.len() || (i > items.len() && i < MAX_SPARSE)) => {
                items.resize(i, Val::Hole);
                items.push(merge(Val::Undef, v, depth + 1)?);
                Ok(())
            }
            Some(i) if i < MAX_LENGTH => Err(Error::Unrepresentable(format!(
                "Cannot merge property \"{k}\" into an array: a sparse array of length {} (at most {MAX_SPARSE})",
                i + 1
            ))),
            _ => Err(Error::Unrepresentable(format!(
                "Cannot merge property \"{k}\" into an array"
            ))),
        },
        _ => Err(Error::Unrepresentable(format!(
            "Cannot merge property \"{k}\" into a Date"
        ))),
    }
}

/// The longest array a merge makes, and the longest with holes (lib/codec.js refuses longer
/// ones in a record).
const MAX_LENGTH: usize = 1 << 24;
const MAX_SPARSE: usize = 1 << 16;

/// A canonical array index ("0", "17"; not "01").
fn array_index(k: &str) -> Option<usize> {
    if k.is_empty() || (k.len() > 1 && k.starts_with('0')) || !k.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    k.parse().ok()
}
