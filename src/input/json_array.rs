//! A JSON array of call logs split into its elements without parsing them, so that
//! each element travels the reading pipeline as a record of its own: a 50 MB array
//! is then decoded a batch of elements at a time, in parallel and in bounded memory,
//! instead of whole, with every element's decoded form held at once.

use std::ops::Range;

/// The byte ranges of the elements of `text`, a JSON array whose every element is
/// an object (`[{...}, {...}]`, white space anywhere, nothing after the `]`); `None`
/// for anything else, which is then read whole, as before, so that its error
/// (a stray comma, an element that is not an object, a missing bracket) is reported
/// as the parser reports it.
pub fn object_elements(text: &[u8]) -> Option<Vec<Range<usize>>> {
    let mut i = skip_space(text, 0);
    if text.get(i) != Some(&b'[') {
        return None;
    }
    i += 1;
    let mut elements = Vec::new();
    loop {
        i = skip_space(text, i);
        match text.get(i) {
            Some(b']') if elements.is_empty() => {
                i += 1;
                break;
            }
            Some(b'{') => {
                let end = object_end(text, i)?;
                elements.push(i..end);
                i = skip_space(text, end);
                match text.get(i) {
                    Some(b',') => i += 1,
                    Some(b']') => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    (skip_space(text, i) == text.len()).then_some(elements)
}

fn skip_space(text: &[u8], mut i: usize) -> usize {
    while text.get(i).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Where the object that opens at `start` ends (just past its `}`), brackets in
/// strings not counted; `None` when it does not close.
fn object_end(text: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in text.iter().enumerate().skip(start) {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Option<Vec<&str>> {
        object_elements(text.as_bytes()).map(|ranges| ranges.into_iter().map(|r| &text[r]).collect())
    }

    #[test]
    fn arrays_of_objects_split_and_anything_else_does_not() {
        assert_eq!(
            split("[\n  {\"a\": \"}]\\\"\"},\n  {\"b\": [1, {}]}\n]\n"),
            Some(vec!["{\"a\": \"}]\\\"\"}", "{\"b\": [1, {}]}"])
        );
        assert_eq!(split("[]"), Some(vec![]));
        assert_eq!(split(" [ {} ] "), Some(vec!["{}"]));
        for whole in [
            "[{},]",
            "[{}, 1]",
            "[{}] x",
            "[{}",
            "[{\"a\": 1}",
            "{}",
            "[1]",
            "[{}}]",
            "[[{}]]",
        ] {
            assert_eq!(split(whole), None, "{whole}");
        }
    }
}
