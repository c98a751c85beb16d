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

/// Where each entry of a HAR archive's `log.entries` starts in `text`, found without
/// parsing (the document is parsed apart, into values that keep no positions): so
/// that each entry's request is placed at its own line. Stops at the first entry
/// that is not an object; empty when there is no such array.
pub fn har_entry_offsets(text: &[u8]) -> Vec<usize> {
    let mut depth = 0usize;
    let mut root_key: Option<&[u8]> = None;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'"' => {
                let Some(end) = string_end(text, i) else {
                    return Vec::new();
                };
                let after = skip_space(text, end);
                if text.get(after) == Some(&b':') {
                    let key = &text[i + 1..end - 1];
                    if depth == 1 {
                        root_key = Some(key);
                    } else if depth == 2 && root_key == Some(b"log") && key == b"entries" {
                        let open = skip_space(text, after + 1);
                        return if text.get(open) == Some(&b'[') {
                            object_starts(text, open + 1)
                        } else {
                            Vec::new()
                        };
                    }
                }
                i = end;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Vec::new()
}

/// The starts of the objects of an array whose first element is at `i` or after.
fn object_starts(text: &[u8], mut i: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    loop {
        i = skip_space(text, i);
        if text.get(i) != Some(&b'{') {
            return starts;
        }
        starts.push(i);
        let Some(end) = object_end(text, i) else { return starts };
        i = skip_space(text, end);
        if text.get(i) != Some(&b',') {
            return starts;
        }
        i += 1;
    }
}

/// Just past the closing quote of the string that opens at `start`.
fn string_end(text: &[u8], start: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, &b) in text.iter().enumerate().skip(start + 1) {
        match (escaped, b) {
            (true, _) => escaped = false,
            (false, b'\\') => escaped = true,
            (false, b'"') => return Some(i + 1),
            _ => {}
        }
    }
    None
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
    fn har_entries_are_found_where_they_start() {
        let text = "{\"log\": {\"pages\": [{\"entries\": 1}], \"version\": \"a\\\"b\",\n \"entries\": [\n  {\"request\": {}},\n  {\"x\": \"{\"}\n]}}";
        let starts = har_entry_offsets(text.as_bytes());
        let found: Vec<&str> = starts.iter().map(|&at| &text[at..at + 4]).collect();
        assert_eq!(found, ["{\"re", "{\"x\""]);
        assert!(har_entry_offsets(b"{\"entries\": [{}]}").is_empty());
        assert!(har_entry_offsets(b"{\"log\": {\"entries\": {}}}").is_empty());
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
