//! A URL as captured or configured, split into where its parts are: scheme,
//! authority (userinfo, host, port), path, query and fragment. Lenient, like the
//! tools that captured it: nothing is decoded or checked here, and every part is a
//! slice of the text, so callers can point at it.

use std::ops::Range;

/// The parts of `https://user:pw@host:8080/path?query#fragment`, or of a request
/// target (`/path?query`), which has no scheme or authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParts<'a> {
    text: &'a str,
    /// The bytes up to and including `://`; 0 without a scheme.
    scheme_len: usize,
    /// Where the authority ends and the path starts.
    authority_end: usize,
    /// Where the path ends: at the query, the fragment or the end.
    path_end: usize,
}

impl<'a> UrlParts<'a> {
    /// Splits `text`. A scheme is letters, digits, `+`, `-` and `.` after a letter,
    /// before `://`; without one, the whole text is a request target.
    pub fn split(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let scheme_end = bytes
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
            .unwrap_or(bytes.len());
        let has_scheme =
            bytes.first().is_some_and(u8::is_ascii_alphabetic) && bytes.get(scheme_end..scheme_end + 3) == Some(b"://");
        let scheme_len = if has_scheme { scheme_end + 3 } else { 0 };
        // Byte scans: every query parameter of every record is read through here.
        let end_from = |start: usize, ends: &[u8]| {
            bytes[start..]
                .iter()
                .position(|b| ends.contains(b))
                .map_or(bytes.len(), |p| start + p)
        };
        let authority_end = if scheme_len == 0 {
            0
        } else {
            end_from(scheme_len, b"/?#")
        };
        let path_end = end_from(authority_end, b"?#");
        UrlParts {
            text,
            scheme_len,
            authority_end,
            path_end,
        }
    }

    /// The scheme as written (`https`, `HTTP`), if there is one.
    pub fn scheme(&self) -> Option<&'a str> {
        (self.scheme_len > 0).then(|| &self.text[..self.scheme_len - 3])
    }

    /// The length of `http://` or `https://` (any case) when the URL starts with one.
    pub fn http_scheme_len(&self) -> Option<usize> {
        let scheme = self.scheme()?;
        (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")).then_some(self.scheme_len)
    }

    /// Whether the URL is plain `http://`, readable by anyone on the path.
    pub fn is_plain_http(&self) -> bool {
        self.scheme().is_some_and(|s| s.eq_ignore_ascii_case("http"))
    }

    /// `user:pw@host:8080`, empty without a scheme.
    pub fn authority(&self) -> &'a str {
        &self.text[self.authority_range()]
    }

    /// Where [`UrlParts::authority`] is in the text.
    pub fn authority_range(&self) -> Range<usize> {
        self.scheme_len.min(self.authority_end)..self.authority_end
    }

    /// `user:pw` before the authority's last `@`, and where it is in the text.
    pub fn userinfo(&self) -> Option<(&'a str, Range<usize>)> {
        let start = self.authority_range().start;
        let at = self.authority().rfind('@')?;
        Some((&self.text[start..start + at], start..start + at))
    }

    /// `host:8080`: the authority after any userinfo.
    pub fn host_port(&self) -> &'a str {
        let authority = self.authority();
        authority.rfind('@').map_or(authority, |at| &authority[at + 1..])
    }

    /// The host without its port; an IPv6 literal without its brackets.
    pub fn host(&self) -> &'a str {
        let host_port = self.host_port();
        match host_port.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => host_port.split(':').next().unwrap_or_default(),
        }
    }

    /// `/path`, up to the query or fragment.
    pub fn path(&self) -> &'a str {
        &self.text[self.authority_end..self.path_end]
    }

    /// What follows the first `?` before any `#`, and where it starts: a `?` in the
    /// fragment starts no query, since a fragment is never sent.
    pub fn query(&self) -> Option<(&'a str, usize)> {
        let before_fragment = &self.text[..memchr::memchr(b'#', self.text.as_bytes()).unwrap_or(self.text.len())];
        let start = memchr::memchr(b'?', before_fragment.as_bytes())? + 1;
        Some((&before_fragment[start..], start))
    }

    /// What follows the first `#`, and where the `#` is.
    pub fn fragment(&self) -> Option<(&'a str, usize)> {
        let at = memchr::memchr(b'#', self.text.as_bytes())?;
        Some((&self.text[at + 1..], at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_of_a_full_url() {
        let url = UrlParts::split("HTTPS://admin:pw@crm.example.com:8443/hook.php?a=1&b=2#top");
        assert_eq!(url.scheme(), Some("HTTPS"));
        assert_eq!(url.http_scheme_len(), Some(8));
        assert!(!url.is_plain_http());
        assert_eq!(url.authority(), "admin:pw@crm.example.com:8443");
        assert_eq!(url.userinfo(), Some(("admin:pw", 8..16)));
        assert_eq!(url.host_port(), "crm.example.com:8443");
        assert_eq!(url.host(), "crm.example.com");
        assert_eq!(url.path(), "/hook.php");
        assert_eq!(url.query(), Some(("a=1&b=2", 47)));
        assert_eq!(url.fragment(), Some(("top", 54)));
    }

    #[test]
    fn targets_ipv6_hosts_and_odd_shapes() {
        let target = UrlParts::split("/hook?u=http://a:b@c/#x?y");
        assert_eq!(target.scheme(), None, "a URL inside the query is not the scheme");
        assert_eq!((target.authority(), target.path()), ("", "/hook"));
        assert_eq!(target.query(), Some(("u=http://a:b@c/", 6)));
        let v6 = UrlParts::split("http://[::1]:8080");
        assert!(v6.is_plain_http());
        assert_eq!((v6.host(), v6.path(), v6.query()), ("::1", "", None));
        assert_eq!(UrlParts::split("https://h?q#f?g").query(), Some(("q", 10)));
        assert_eq!(UrlParts::split("ftp://x/y").http_scheme_len(), None);
        assert_eq!(UrlParts::split("https:///x").host_port(), "");
    }
}
