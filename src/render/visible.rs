//! The privacy-applied view of a decoded record: what it may show once secrets are
//! redacted and phone numbers masked, the one place that decides it for text and
//! JSON alike.

use std::borrow::Cow;

use serde_json::Value;

use crate::decode::walk::FieldRow;
use crate::decode::{HeaderField, Param};
use crate::input::Credentials;
use crate::input::form::decode_text;
use crate::input::url::UrlParts;
use crate::privacy::{Privacy, REDACTED, is_secret_name};
use crate::timeline::Timeline;
use crate::timeline::call::Call;
use crate::vocabulary::{Field, ValueType};

/// A query parameter or form field as output may show it.
pub struct VisibleParam<'a> {
    pub name: Cow<'a, str>,
    pub raw: Cow<'a, str>,
    pub value: Cow<'a, str>,
    pub display: Option<Cow<'a, str>>,
    pub redacted: bool,
}

pub fn param<'a>(p: &'a Param, privacy: Privacy) -> VisibleParam<'a> {
    let redacted = p.secret && !privacy.show_secrets;
    let phone = p.field.is_some_and(holds_phones);
    let show = |s: &'a str| {
        if redacted {
            Cow::Borrowed(REDACTED)
        } else if phone {
            privacy.phone(s)
        } else {
            privacy.text(s)
        }
    };
    // The decoded value is what secrets are looked for in; the raw text hides the
    // same bytes.
    debug_assert_eq!(
        decode_text(&p.raw),
        p.value,
        "a parameter's value is its raw text decoded"
    );
    let (raw, value) = if redacted || phone {
        (show(&p.raw), show(&p.value))
    } else {
        privacy.encoded(&p.raw, &p.value)
    };
    VisibleParam {
        name: privacy.text(&p.name),
        raw,
        value,
        display: p.display.as_deref().map(show),
        redacted,
    }
}

/// A header value: secret ones redacted, keeping an Authorization scheme
/// (`Basic <redacted>`) since the scheme is not the secret.
pub fn header_value(h: &HeaderField, privacy: Privacy) -> Cow<'_, str> {
    if !h.secret || privacy.show_secrets {
        return privacy.text(&h.value);
    }
    match h.value.split_once(' ') {
        Some((scheme, _)) if h.name.to_ascii_lowercase().ends_with("authorization") => {
            Cow::Owned(format!("{scheme} {REDACTED}"))
        }
        _ => Cow::Borrowed(REDACTED),
    }
}

/// The password of Basic credentials, or `None` when there is none.
pub fn password(c: &Credentials, privacy: Privacy) -> Option<Cow<'_, str>> {
    c.password.as_deref().map(|p| privacy.secret(p))
}

/// Basic credentials as text output says them: `Basic, user admin, password <redacted>`.
pub fn credentials(c: &Credentials, privacy: Privacy) -> String {
    let password = password(c, privacy)
        .map(|p| format!(", password {p}"))
        .unwrap_or_default();
    format!("Basic, user {}{password}", privacy.text(&c.username))
}

/// The URL with its password and secret query values redacted and phone numbers
/// masked: one pass over the query, however many parameters it has.
pub fn url<'a>(url: &'a str, query: &[Param], privacy: Privacy) -> Cow<'a, str> {
    let mut shown = if privacy.show_secrets {
        Cow::Borrowed(url)
    } else {
        redact_userinfo(url)
    };
    if !privacy.show_secrets && query.iter().any(|p| p.secret && !p.raw.is_empty()) {
        shown = Cow::Owned(redact_query_values(&shown));
    }
    match privacy.text(&shown) {
        Cow::Borrowed(_) => shown,
        Cow::Owned(masked) => Cow::Owned(masked),
    }
}

/// Every secret-named parameter's value in a URL's query replaced.
fn redact_query_values(url: &str) -> String {
    let Some((query, start)) = UrlParts::split(url).query() else {
        return url.to_owned();
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..start]);
    for (i, part) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match part.split_once('=') {
            Some((name, value)) if !value.is_empty() && is_secret_name(&decode_text(name)) => {
                out.push_str(name);
                out.push('=');
                out.push_str(REDACTED);
            }
            _ => out.push_str(part),
        }
    }
    out.push_str(&url[start + query.len()..]);
    out
}

/// Removes the password from `scheme://user:password@host/...`.
fn redact_userinfo(url: &str) -> Cow<'_, str> {
    let Some((userinfo, at)) = UrlParts::split(url).userinfo() else {
        return Cow::Borrowed(url);
    };
    let Some(colon) = userinfo.find(':') else {
        return Cow::Borrowed(url);
    };
    let cut = at.start + colon + 1;
    Cow::Owned(format!("{}{REDACTED}{}", &url[..cut], &url[at.end..]))
}

/// A call-log value as sent: redacted when its key looks secret (`token`,
/// `password`, `api_key`, as a query parameter of that name is), with phone numbers
/// masked under `--mask-pii`, numbers included.
pub fn value(row: &FieldRow, privacy: Privacy) -> Cow<'_, Value> {
    if secret_row(row, privacy) {
        return Cow::Owned(Value::String(REDACTED.to_owned()));
    }
    if !privacy.mask_pii {
        return Cow::Borrowed(&row.value);
    }
    let phone = row.field.is_some_and(holds_phones);
    Cow::Owned(mask_value(&row.value, phone, privacy))
}

/// Whether a call-log row is a secret: a key of its path looks secret and the
/// dictionary does not know it (no documented field is a secret).
fn secret_row(row: &FieldRow, privacy: Privacy) -> bool {
    !privacy.show_secrets && row.field.is_none() && is_secret_name(row.path())
}

fn mask_value(value: &Value, phone: bool, privacy: Privacy) -> Value {
    match value {
        Value::String(s) if phone => Value::String(privacy.phone(s).into_owned()),
        Value::String(s) => Value::String(privacy.text(s).into_owned()),
        Value::Number(n) => {
            let text = n.to_string();
            let masked = if phone {
                privacy.phone(&text)
            } else {
                privacy.text(&text)
            };
            match masked {
                Cow::Owned(masked) => Value::String(masked),
                Cow::Borrowed(_) => value.clone(),
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| mask_value(v, phone, privacy)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (privacy.text(k).into_owned(), mask_value(v, phone, privacy)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The interpreted value, masked like the value it came from; none for a secret.
pub fn display(row: &FieldRow, privacy: Privacy) -> Option<Cow<'_, str>> {
    let display = row.display.as_deref()?;
    if secret_row(row, privacy) {
        return None;
    }
    Some(if row.field.is_some_and(holds_phones) {
        privacy.phone(display)
    } else if row.display_own {
        privacy.own(display)
    } else {
        privacy.text(display)
    })
}

/// A call's uid as output may show it: captured text (a uid may embed a phone
/// number), masked as any other.
pub fn call_uid<'t>(timeline: &'t Timeline, call: &Call, privacy: Privacy) -> Cow<'t, str> {
    privacy.text(timeline.strings.of(call.uid()).unwrap_or_default())
}

fn holds_phones(field: &Field) -> bool {
    matches!(field.value_type, ValueType::PhoneNumber | ValueType::AgentList)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, raw: &str) -> Param {
        Param {
            name: name.into(),
            raw: raw.into(),
            value: raw.into(),
            field: None,
            inferred: false,
            display: None,
            secret: is_secret_name(name),
        }
    }

    #[test]
    fn userinfo_password_is_redacted() {
        assert_eq!(
            redact_userinfo("https://admin:123456@crm.example.com/h?a=b@c"),
            "https://admin:<redacted>@crm.example.com/h?a=b@c"
        );
        assert_eq!(
            redact_userinfo("https://crm.example.com/h?u=a:b@c"),
            "https://crm.example.com/h?u=a:b@c"
        );
        assert_eq!(redact_userinfo("/h?a=b"), "/h?a=b");
    }

    #[test]
    fn urls_lose_passwords_and_secret_query_values() {
        let query = [param("token", "abc"), param("caller_number", "%2B919711636496")];
        let text = "https://u:pw@x/h?token=abc&caller_number=%2B919711636496";
        assert_eq!(
            url(text, &query, Privacy::default()),
            "https://u:<redacted>@x/h?token=<redacted>&caller_number=%2B919711636496"
        );
        let masked = Privacy {
            mask_pii: true,
            show_secrets: true,
            ..Privacy::default()
        };
        assert_eq!(
            url(text, &query, masked),
            "https://u:pw@x/h?token=abc&caller_number=%2B91******6496"
        );
    }
}
