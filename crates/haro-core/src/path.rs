//! Deep index fields: an index field may be a dot path into nested objects
//! (`user.profile.department`), as haro 17 allows. haro 16 reads `data['user.email']`, so
//! a record that holds a value under the literal key keeps being indexed by it; the path
//! applies otherwise. A missing step, or a primitive in the middle, reads as `undefined`.

use super::error::Result;
use super::value::{read_fields, Val};

/// The values of `names` in a stored record's text, dot paths followed (`read_fields`: the
/// read ends once every name was met). Without a dotted name this is `read_fields` itself:
/// plain indexes pay nothing. A dotted name is also looked for as a literal key (which
/// wins), so a text with one is read whole.
pub fn fields<'t, N: AsRef<str>>(text: &'t str, names: &[N]) -> Result<Vec<Val<'t>>> {
    if !names.iter().any(|n| n.as_ref().contains('.')) {
        return read_fields(text, names);
    }
    // The literal names, then the first step of each dotted one.
    let mut want: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    for n in names {
        if let Some((head, _)) = n.as_ref().split_once('.') {
            if !want.contains(&head) {
                want.push(head);
            }
        }
    }
    let got = read_fields(text, &want)?;
    let mut out = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        let n = n.as_ref();
        let literal = &got[i];
        let v = match n.split_once('.') {
            Some((head, rest)) if matches!(literal, Val::Undef) => {
                let start = want
                    .iter()
                    .position(|w| *w == head)
                    .map_or(&Val::Undef, |j| &got[j]);
                walk(start, rest).clone()
            }
            _ => literal.clone(),
        };
        out.push(v);
    }
    Ok(out)
}

/// Follows `rest` (dot-separated steps) from `v`: object properties, array elements by
/// index, and an array's `length`; anything else reads as `undefined`.
pub fn walk<'v, 't>(v: &'v Val<'t>, rest: &str) -> &'v Val<'t> {
    let mut cur = v;
    for step in rest.split('.') {
        cur = match cur {
            Val::Obj(_) => cur.get(step),
            Val::Arr(items) => match array_index(step) {
                Some(i) => match items.get(i) {
                    Some(Val::Hole) | None => &Val::Undef,
                    Some(x) => x,
                },
                None => return &Val::Undef,
            },
            _ => return &Val::Undef,
        };
    }
    cur
}

/// A canonical array index (`"0"`, `"12"`; not `"01"` or `"-1"`), as JS reads `arr[step]`.
fn array_index(step: &str) -> Option<usize> {
    if step.is_empty()
        || (step.len() > 1 && step.starts_with('0'))
        || !step.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    step.parse::<u32>()
        .ok()
        .filter(|&i| i < u32::MAX)
        .map(|i| i as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, name: &str) -> Val<'static> {
        fields(text, &[name]).unwrap().remove(0).into_owned()
    }

    #[test]
    fn paths_follow_objects_and_arrays() {
        let t =
            r#"{"id":"a","user":{"email":"x@y","profile":{"dept":"IT"}},"tags":["p","q"],"n":3}"#;
        assert_eq!(one(t, "user.email"), Val::str("x@y").into_owned());
        assert_eq!(one(t, "user.profile.dept"), Val::str("IT").into_owned());
        assert_eq!(one(t, "tags.1"), Val::str("q").into_owned());
        assert_eq!(one(t, "tags.01"), Val::Undef);
        assert_eq!(one(t, "tags.length"), Val::Undef);
        assert_eq!(one(t, "n.x.y"), Val::Undef);
        assert_eq!(one(t, "nope.x"), Val::Undef);
        assert_eq!(one(t, "user.profile"), one(t, "user.profile"));
        assert_eq!(one(t, "id"), Val::str("a").into_owned());
    }

    #[test]
    fn the_literal_key_wins() {
        let t = r#"{"user.email":"lit","user":{"email":"deep"}}"#;
        assert_eq!(one(t, "user.email"), Val::str("lit").into_owned());
        let v = fields(t, &["user.email", "user"]).unwrap();
        assert_eq!(v[0], Val::str("lit"));
        assert!(matches!(v[1], Val::Obj(_)));
    }
}
