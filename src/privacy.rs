//! What output may show: secrets redacted unless `--show-secrets`, phone numbers
//! masked under `--mask-pii`. Every renderer passes captured text through here, so
//! the rule is written once.

use std::borrow::Cow;

/// Shown in place of a secret value.
pub const REDACTED: &str = "<redacted>";

/// The two output choices about sensitive data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Privacy {
    pub show_secrets: bool,
    pub mask_pii: bool,
}

impl Privacy {
    /// A secret value as output may show it.
    pub fn secret(self, value: &str) -> Cow<'_, str> {
        if self.show_secrets {
            self.text(value)
        } else {
            Cow::Borrowed(REDACTED)
        }
    }

    /// Captured text as output may show it: phone numbers masked under `--mask-pii`.
    pub fn text(self, value: &str) -> Cow<'_, str> {
        if self.mask_pii {
            mask_phone_numbers(value)
        } else {
            Cow::Borrowed(value)
        }
    }

    /// The value of a field known to hold phone numbers: every digit but the last
    /// four masked, whatever its shape.
    pub fn phone(self, value: &str) -> Cow<'_, str> {
        if !self.mask_pii {
            return Cow::Borrowed(value);
        }
        let total = value.bytes().filter(u8::is_ascii_digit).count();
        let mut seen = 0;
        Cow::Owned(
            value
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        seen += 1;
                        if seen + 4 <= total { '*' } else { c }
                    } else {
                        c
                    }
                })
                .collect(),
        )
    }
}

/// Whether a header, query parameter or form field name looks like it carries a secret.
pub fn is_secret_name(name: &str) -> bool {
    // Called for every header and parameter: one pass, comparing only where a word
    // could start.
    let bytes = name.as_bytes();
    let at =
        |i: usize, word: &[u8]| bytes.len() - i >= word.len() && bytes[i..i + word.len()].eq_ignore_ascii_case(word);
    (0..bytes.len()).any(|i| match bytes[i].to_ascii_lowercase() {
        b't' => at(i, b"token"),
        b's' => at(i, b"secret") || at(i, b"signature") || at(i, b"session"),
        b'k' => at(i, b"key"),
        b'a' => at(i, b"auth"),
        b'p' => at(i, b"password") || at(i, b"passwd") || at(i, b"pwd"),
        b'c' => at(i, b"cookie"),
        _ => false,
    })
}

/// Masks what looks like a phone number inside free text: an Indian mobile number
/// (10 digits from 6 to 9, optionally after `91`, `+91` or `%2B91`) or any `+`
/// followed by 11 to 13 digits. Epochs and hex ids do not match: epochs start with 1
/// and ids mix in letters. Percent-encoded text (`%22919...%22`) is read through its
/// escapes. The country code and the last four digits stay.
pub fn mask_phone_numbers(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // After a `%`, the first two digits are the escape's, not the number's.
        if start >= 1 && bytes[start - 1] == b'%' {
            start = (start + 2).min(i);
        }
        let bounded_before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric() || escape_ends_at(bytes, start);
        let bounded_after = i == bytes.len() || !bytes[i].is_ascii_alphabetic();
        if start == i || !bounded_before || !bounded_after {
            continue;
        }
        let run = &text[start..i];
        let plus = (start >= 1 && bytes[start - 1] == b'+')
            || (escape_ends_at(bytes, start)
                && bytes[start - 2] == b'2'
                && bytes[start - 1].eq_ignore_ascii_case(&b'b'));
        let keep_prefix = match run.len() {
            10 if matches!(run.as_bytes()[0], b'6'..=b'9') => Some(0),
            12 if run.starts_with("91") && matches!(run.as_bytes()[2], b'6'..=b'9') => Some(2),
            11..=13 if plus => Some(run.len() - 10),
            _ => None,
        };
        if let Some(keep) = keep_prefix {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
            buf.push_str(&text[copied..start + keep]);
            buf.extend(std::iter::repeat_n('*', run.len() - keep - 4));
            buf.push_str(&run[run.len() - 4..]);
            copied = i;
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

/// Whether a `%XX` escape ends just before `at`.
fn escape_ends_at(bytes: &[u8], at: usize) -> bool {
    at >= 3 && bytes[at - 3] == b'%' && bytes[at - 2].is_ascii_hexdigit() && bytes[at - 1].is_ascii_hexdigit()
}

/// What a request sends that anyone on a plain http path could read: its Basic
/// credentials and its secret-looking headers, said as a message says it ("Basic
/// credentials and the header X-Token"); `None` when it sends no secret.
pub fn exposed_secrets<'h>(has_credentials: bool, header_names: impl IntoIterator<Item = &'h str>) -> Option<String> {
    let secret: Vec<&str> = header_names.into_iter().filter(|n| is_secret_name(n)).collect();
    match (has_credentials, secret.as_slice()) {
        (false, []) => None,
        (true, []) => Some("Basic credentials".to_owned()),
        (true, names) => Some(format!("Basic credentials and the header {}", names.join(", "))),
        (false, names) => Some(format!("the secret header {}", names.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_indian_numbers_in_any_dress_but_not_epochs_or_ids() {
        let text = "clid=9711636496&raw=919711636496&cl=%2B919711636496 plus +14155550123 \
                    at 1596270956 ms 1596270956000 id 5f25296c4122c135 uid n2.1596270949.2175190 \
                    json %22clid%22%3A%229711636496%22";
        let masked = mask_phone_numbers(text);
        assert_eq!(
            masked,
            "clid=******6496&raw=91******6496&cl=%2B91******6496 plus +1******0123 \
             at 1596270956 ms 1596270956000 id 5f25296c4122c135 uid n2.1596270949.2175190 \
             json %22clid%22%3A%22******6496%22"
        );
    }

    #[test]
    fn phone_fields_mask_every_digit_but_four() {
        let p = Privacy {
            mask_pii: true,
            ..Privacy::default()
        };
        assert_eq!(p.phone("+1 (415) 555-0123"), "+* (***) ***-0123");
        assert_eq!(Privacy::default().phone("9711636496"), "9711636496");
    }

    #[test]
    fn secrets_are_redacted_unless_shown() {
        assert_eq!(Privacy::default().secret("abc123def"), REDACTED);
        let shown = Privacy {
            show_secrets: true,
            ..Privacy::default()
        };
        assert_eq!(shown.secret("abc123def"), "abc123def");
    }

    #[test]
    fn secret_names() {
        for name in [
            "my-super-secret-token",
            "API_KEY",
            "Authorization",
            "x-signature",
            "password",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["caller_number", "uid", "state"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn exposed_secrets_name_credentials_and_secret_headers() {
        assert_eq!(exposed_secrets(false, ["Host", "Accept"]), None);
        assert_eq!(exposed_secrets(true, ["Host"]).as_deref(), Some("Basic credentials"));
        assert_eq!(
            exposed_secrets(true, ["X-Token", "Host", "Api-Key"]).as_deref(),
            Some("Basic credentials and the header X-Token, Api-Key")
        );
        assert_eq!(
            exposed_secrets(false, ["X-Token"]).as_deref(),
            Some("the secret header X-Token")
        );
    }
}
