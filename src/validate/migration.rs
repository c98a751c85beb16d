//! A v1 webhook turned into the Webhook v2 one that does the same job, as values:
//! the events for its type, its URL on https with its static parameters, its
//! credentials and headers as v2 authentication and headers, what changed and why
//! (notes), and for the handler code every v1 field and mapped query parameter with
//! the v2 path that now carries it. `callhook migrate` renders it.

use super::config::{BodyFormat, ConfigHeader, Webhook};
use super::v2::{self, Auth, KeyLocation};
use crate::input::basic::parse_basic;
use crate::input::curl::percent_encode;
use crate::vocabulary::counterparts::{Counterpart, counterpart};
use crate::vocabulary::lookup::{after_call_keys, in_call_key};
use crate::vocabulary::v2_events::{V1WebhookType, replacing};
use crate::vocabulary::{FIELDS, Field};

/// One v1 webhook, migrated.
#[derive(Debug, Clone)]
pub struct Migration {
    /// The v1 webhook's type, as the file says or as it is taken.
    pub kind: V1WebhookType,
    pub webhook: v2::Webhook,
    /// What changed on the way and what to check, in the order it was found.
    pub notes: Vec<String>,
    /// The table for the handler code.
    pub fields: Vec<FieldRow>,
}

/// One row of the table: a v1 field the handler read (from the body, or from a
/// mapped query parameter), and its v2 counterpart.
#[derive(Debug, Clone, Copy)]
pub struct FieldRow {
    pub field: &'static Field,
    /// The v1 keys the handler read it under, or the query parameter's name.
    pub read_as: Read,
    pub counterpart: &'static Counterpart,
}

#[derive(Debug, Clone, Copy)]
pub enum Read {
    /// The key in the call log.
    Key(&'static str),
    /// Several keys (nested After-Call paths) of one field.
    Keys(&'static [&'static str]),
    /// A mapped query parameter, by the index of the parameter in the v1 webhook.
    QueryParameter(usize),
}

/// The v2 webhook that does `webhook`'s job. `name` names it (the panel wants a name).
pub fn migrate(webhook: &Webhook, name: String) -> Migration {
    let mut notes = Vec::new();
    let kind = webhook.kind.unwrap_or_else(|| {
        notes.push(
            "no `type` is given: read as In-Call, the webhook the In-Call document describes; \
             set `\"type\": \"after_call\"` or `\"disposition\"` for the others"
                .to_owned(),
        );
        V1WebhookType::InCall
    });
    let events: Vec<_> = replacing(kind).collect();
    notes.push(match kind {
        V1WebhookType::InCall => {
            "In-Call's call states are separate v2 events now: `call_state` in the table says which \
                                  is which"
                .to_owned()
        }
        V1WebhookType::AfterCall => {
            "`call.end` and `call.summary` both carry the whole call; `call.summary` comes after, \
                                     with agent names, departments and comments: keep one if your handler wants one \
                                     delivery per call"
                .to_owned()
        }
        V1WebhookType::Disposition => {
            "the v2 disposition payload is not documented, and the v1 Disposition `_dsp` list \
                                       is not in the dictionary: decode a capture to see what arrives"
                .to_owned()
        }
    });
    notes.push(body_note(webhook));
    if webhook.log_criteria.as_deref() == Some("mobile_logs") {
        notes.push(
            "v2 has no log criteria: the webhook gets the events it subscribes to, whatever the call's source".into(),
        );
    }
    let url = webhook
        .target_url
        .as_deref()
        .map(|url| migrate_url(url, webhook, &mut notes));
    let (auth, headers) = migrate_auth(webhook, &mut notes);
    let dropped: Vec<&str> = webhook
        .query_params
        .iter()
        .filter(|p| p.field.is_some_and(|f| f.id != "custom"))
        .map(|p| p.name.as_str())
        .collect();
    if !dropped.is_empty() {
        notes.push(format!(
            "{} dropped: v2 maps no query parameters, and every field is in the body (the table gives each one's \
             v2 path)",
            list("the mapped query parameter", "the mapped query parameters", &dropped)
        ));
    }
    Migration {
        kind,
        webhook: v2::Webhook {
            name: Some(name),
            url,
            events,
            auth,
            headers,
        },
        notes,
        fields: field_rows(webhook, kind),
    }
}

/// `the thing `a``, or `the things `a`, `b``.
fn list(one: &str, many: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [only] => format!("{one} {only} is"),
        _ => format!("{many} {} are", quoted.join(", ")),
    }
}

fn body_note(webhook: &Webhook) -> String {
    let was = match (webhook.method.as_deref(), webhook.format) {
        (Some("GET"), _) => "v1 sent a GET request with the mapped query parameters",
        (_, Some(BodyFormat::Json)) => "v1 sent the call log as a JSON body",
        (_, Some(BodyFormat::Xml)) => "v1 sent an XML body",
        (_, Some(BodyFormat::Text)) => "v1 sent a text body",
        _ => "v1 sent the call log in a form field (`myoperator=...`)",
    };
    format!(
        "{was}; v2 POSTs a JSON envelope, with the event's fields under `payload`: read the body as JSON and route on \
         `event_type`"
    )
}

/// The URL on https, with the webhook's static (Custom) parameters in its query.
fn migrate_url(url: &str, webhook: &Webhook, notes: &mut Vec<String>) -> String {
    let mut url = match url.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("http://") => {
            notes.push(
                "the URL was http://, and v2 takes https:// only: check that your server answers on https".into(),
            );
            format!("https://{}", &url[7..])
        }
        _ => url.to_owned(),
    };
    if let Some(at) = url.find('#') {
        url.truncate(at);
        notes.push("the URL's `#fragment` is left out: it was never sent".into());
    }
    let already: Vec<String> = url
        .split_once('?')
        .map(|(_, query)| {
            query
                .split('&')
                .map(|p| p.split('=').next().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut moved = Vec::new();
    for param in webhook
        .query_params
        .iter()
        .filter(|p| p.field.is_some_and(|f| f.id == "custom"))
    {
        if already.contains(&param.name) || moved.contains(&param.name.as_str()) {
            notes.push(format!(
                "the Custom parameter `{}` is left out: the URL has one by that name already",
                param.name
            ));
            continue;
        }
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&param.name);
        url.push('=');
        url.push_str(&percent_encode(param.value.as_deref().unwrap_or_default()));
        moved.push(param.name.as_str());
    }
    if !moved.is_empty() {
        notes.push(format!(
            "{} in the URL's query now: v2 has no query parameters, and a value in the URL is sent as it is",
            list("the Custom parameter", "the Custom parameters", &moved)
        ));
    }
    url
}

/// Credentials become Basic authentication; an Authorization header, which v2
/// reserves for its authentication, becomes Basic or an API key in that header.
fn migrate_auth(webhook: &Webhook, notes: &mut Vec<String>) -> (Auth, Vec<ConfigHeader>) {
    let mut auth = match &webhook.credentials {
        Some((username, password)) => {
            notes.push("the credentials are Basic authentication (`auth` `basic`)".into());
            Auth::Basic {
                username: username.clone(),
                password: password.clone(),
            }
        }
        None => Auth::None,
    };
    let mut headers: Vec<ConfigHeader> = Vec::new();
    for header in &webhook.headers {
        if header.name.eq_ignore_ascii_case("authorization") && auth == Auth::None {
            auth = match parse_basic(&header.value) {
                Some(Ok(creds)) if creds.password.is_some() => {
                    notes.push(
                        "the `Authorization: Basic` header is Basic authentication now: v2 reserves Authorization \
                         for `auth`"
                            .into(),
                    );
                    Auth::Basic {
                        username: creds.username,
                        password: creds.password.unwrap_or_default(),
                    }
                }
                _ => {
                    notes.push(
                        "the Authorization header is an API key sent in the Authorization header now: v2 reserves \
                         that header for `auth`"
                            .into(),
                    );
                    Auth::ApiKey {
                        location: KeyLocation::Header,
                        name: header.name.clone(),
                        value: header.value.clone(),
                    }
                }
            };
        } else if headers.iter().any(|h| h.name.eq_ignore_ascii_case(&header.name)) {
            notes.push(format!(
                "the second `{}` header is left out: v2 takes one header per name",
                header.name
            ));
        } else {
            headers.push(header.clone());
        }
    }
    if !headers.is_empty() {
        let names: Vec<&str> = headers.iter().map(|h| h.name.as_str()).collect();
        let what = if names.len() == 1 {
            "a custom header"
        } else {
            "custom headers"
        };
        notes.push(format!(
            "{} carried over as {what}",
            list("the header", "the headers", &names)
        ));
    }
    (auth, headers)
}

/// Every field of the webhook's call log, then every mapped query parameter.
fn field_rows(webhook: &Webhook, kind: V1WebhookType) -> Vec<FieldRow> {
    let mut rows = Vec::new();
    for field in FIELDS {
        let read_as = match kind {
            V1WebhookType::InCall => in_call_key(field).map(Read::Key),
            V1WebhookType::AfterCall | V1WebhookType::Disposition => match after_call_keys(field) {
                [] => None,
                [key] => Some(Read::Key(key)),
                keys => Some(Read::Keys(keys)),
            },
        };
        if let (Some(read_as), Some(counterpart)) = (read_as, counterpart(field.id)) {
            rows.push(FieldRow {
                field,
                read_as,
                counterpart,
            });
        }
    }
    for (i, param) in webhook.query_params.iter().enumerate() {
        if let Some(field) = param.field.filter(|f| f.id != "custom")
            && let Some(counterpart) = counterpart(field.id)
        {
            rows.push(FieldRow {
                field,
                read_as: Read::QueryParameter(i),
                counterpart,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::check;

    fn migrated(config: &str) -> Migration {
        let checked = check(config);
        assert!(checked.v2_webhooks.is_empty());
        migrate(&checked.webhooks[0], "test".into())
    }

    #[test]
    fn an_in_call_get_webhook_moves_to_https_post_with_its_custom_values_in_the_url() {
        let m = migrated(
            r#"{"target_url": "http://crm.example.com/h.php?a=1#top", "method": "GET", "log_criteria": "call_logs",
                "query_params": [{"name": "num", "field": "Caller number with country code"},
                                 {"name": "src", "field": "Custom", "value": "my operator"}]}"#,
        );
        assert_eq!(m.kind, V1WebhookType::InCall);
        assert_eq!(
            m.webhook.url.as_deref(),
            Some("https://crm.example.com/h.php?a=1&src=my%20operator")
        );
        let events: Vec<_> = m.webhook.events.iter().map(|e| e.name).collect();
        assert_eq!(
            events,
            ["call.initiated", "call.dial_begin", "call.answered", "call.end"]
        );
        assert!(m.notes.iter().any(|n| n.contains("no `type`")), "{:?}", m.notes);
        assert!(m.notes.iter().any(|n| n.contains("`num` is dropped")), "{:?}", m.notes);
        let last = m.fields.last().unwrap();
        assert!(matches!(last.read_as, Read::QueryParameter(0)));
        assert_eq!(last.counterpart.v2[0], "payload.customer_number");
        assert_eq!(
            m.fields.iter().filter(|r| matches!(r.read_as, Read::Key(_))).count(),
            16
        );
    }

    #[test]
    fn credentials_and_authorization_become_v2_auth() {
        let basic = migrated(
            r#"{"type": "after_call", "target_url": "https://c.example/h", "method": "POST", "format": "json",
                "log_criteria": "call_logs", "credentials": {"username": "u", "password": "p"},
                "headers": ["X-A: 1", "x-a: 2"]}"#,
        );
        assert_eq!(
            basic.webhook.auth,
            Auth::Basic {
                username: "u".into(),
                password: "p".into()
            }
        );
        assert_eq!(basic.webhook.headers.len(), 1);
        assert!(basic.notes.iter().any(|n| n.contains("second `x-a`")));
        assert!(basic.fields.iter().any(|r| matches!(r.read_as, Read::Keys(_))));
        let header = migrated(
            r#"{"type": "disposition", "target_url": "https://c.example/h", "method": "POST", "log_criteria": "call_logs",
                "headers": ["Authorization: Basic YWRtaW46MTIzNDU2"]}"#,
        );
        assert!(matches!(&header.webhook.auth, Auth::Basic { username, .. } if username == "admin"));
        assert!(header.webhook.headers.is_empty());
        let bearer = migrated(
            r#"{"target_url": "https://c.example/h", "method": "POST", "log_criteria": "call_logs",
                "headers": ["Authorization: Bearer t0k"]}"#,
        );
        assert!(
            matches!(&bearer.webhook.auth, Auth::ApiKey { name, value, .. } if name == "Authorization" && value == "Bearer t0k")
        );
    }
}
