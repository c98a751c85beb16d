//! `Authorization: Basic` credentials: base64 of `username:password`. Small enough
//! not to need a dependency.

use super::Credentials;

/// The credentials in a Basic header value (`Basic YWRtaW46MTIzNDU2`), if it is one
/// and decodes.
pub fn parse_basic(value: &str) -> Option<Result<Credentials, String>> {
    let (scheme, token) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    Some(
        decode_base64(token.trim())
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "the decoded credentials are not UTF-8".into()))
            .map(|text| match text.split_once(':') {
                Some((u, p)) => Credentials {
                    username: u.to_owned(),
                    password: Some(p.to_owned()),
                },
                None => Credentials {
                    username: text,
                    password: None,
                },
            }),
    )
}

fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for (i, c) in text.trim_end_matches('=').bytes().enumerate() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return Err(format!("`{}` at character {} is not base64", c as char, i + 1)),
        };
        buffer = buffer << 6 | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits).to_le_bytes()[0]);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_basic_and_ignores_other_schemes() {
        let creds = parse_basic("Basic YWRtaW46MTIzNDU2").unwrap().unwrap();
        assert_eq!(creds.username, "admin");
        assert_eq!(creds.password.as_deref(), Some("123456"));
        assert_eq!(parse_basic("basic dXNlcg==").unwrap().unwrap().username, "user");
        assert!(parse_basic("Bearer abc").is_none());
        assert!(parse_basic("Basic !!!").unwrap().is_err());
    }
}
