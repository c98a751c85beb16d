//! `decode --config` and `listen --config`: a captured request read through the
//! webhook configuration that sent it. For a v1 webhook, query parameters are named
//! by their mapped field, and the request is checked against what was configured:
//! method, headers, credentials, every mapped parameter, and each mapped value
//! against the same field in the POST body. For a v2 webhook: the method, the URL's
//! host and path and its fixed query parameters, the authentication (Basic, or an
//! API key in a header or the query), the custom headers, and that the event is one
//! the webhook subscribes to.

use chrono::FixedOffset;
use serde_json::Value;

use super::Webhook;
use super::config::ConfigHeader;
use super::v2::{self, Auth, KeyLocation};
use crate::decode::interpret::{integer, interpret, parse_date_time_utc, phone_key};
use crate::decode::{DecodedRecord, Payload, Request};
use crate::findings::{Finding, FindingId};
use crate::input::InputFormat;
use crate::input::form::{FormContext, parse_form};
use crate::input::url::UrlParts;
use crate::vocabulary::v2_events::event;
use crate::vocabulary::{Field, ValueType};

/// The webhooks of a configuration file, v1 and v2, that captures are checked
/// against.
#[derive(Debug, Clone, Default)]
pub struct Webhooks {
    pub v1: Vec<Webhook>,
    pub v2: Vec<v2::Webhook>,
}

/// The webhook a request was sent by.
enum Sender<'w> {
    V1(&'w Webhook),
    V2(&'w v2::Webhook),
}

/// Applies the configuration to one decoded record.
pub fn check_against(record: &mut DecodedRecord, webhooks: &Webhooks, tz: FixedOffset) {
    let Some(request) = record.request.as_ref() else {
        return;
    };
    let event_type = v2_event_type(record.payload.as_ref());
    let webhook = match pick(webhooks, request, event_type.as_deref()) {
        Some(webhook) => webhook,
        None => {
            record.findings.push(Finding::new(
                FindingId::ConfigNoMatch,
                None,
                format!(
                    "no configured webhook has this request's path ({}); it was not checked",
                    path_of(request.url.as_deref().unwrap_or_default())
                ),
            ));
            return;
        }
    };
    match webhook {
        Sender::V1(webhook) => check_v1(record, webhook, tz),
        Sender::V2(webhook) => check_v2(record, webhook, event_type.as_deref()),
    }
}

/// Whether a capture in `format` carries the request's headers (and its method),
/// and whether it carries its query string.
fn carries(format: InputFormat) -> (bool, bool) {
    let headers = matches!(
        format,
        InputFormat::Http | InputFormat::Curl | InputFormat::Har | InputFormat::ListenLog
    );
    (
        headers,
        headers || matches!(format, InputFormat::Url | InputFormat::AccessLog),
    )
}

/// The `event_type` of a decoded v2 event; `None` when the payload is no v2 event.
fn v2_event_type(payload: Option<&Payload>) -> Option<String> {
    let payload = payload.filter(|p| p.family.is_v2() || p.fields.iter().any(|r| r.path() == "payload"))?;
    let row = payload
        .fields
        .iter()
        .find(|r| r.is_top_level() && r.path() == "event_type")?;
    Some(row.value.as_str().unwrap_or_default().to_owned())
}

fn check_v1(record: &mut DecodedRecord, webhook: &Webhook, tz: FixedOffset) {
    let format = record.format;
    let Some(request) = record.request.as_mut() else {
        return;
    };
    let findings = &mut record.findings;
    let (carries_headers, carries_query) = carries(format);
    // A header the configuration declares is a secret, whatever its name.
    for h in &mut request.headers {
        if webhook.headers.iter().any(|c| c.name.eq_ignore_ascii_case(&h.name)) {
            h.secret = true;
        }
    }
    if carries_headers || format == InputFormat::AccessLog {
        check_method(request, webhook, findings);
    }
    if carries_headers {
        check_headers(request, &webhook.headers, findings);
        if let Some((username, password)) = &webhook.credentials {
            check_credentials(request, username, password, findings);
        }
    }
    if !carries_query {
        return;
    }
    name_parameters(request, webhook, tz, findings);
    if let Some(payload) = &record.payload {
        check_values(request, payload, findings);
    }
}

fn check_method(request: &Request, webhook: &Webhook, findings: &mut Vec<Finding>) {
    if let Some(expected) = &webhook.method {
        method_is(request, expected, findings);
    }
}

fn method_is(request: &Request, expected: &str, findings: &mut Vec<Finding>) {
    if let Some(got) = &request.method
        && !expected.eq_ignore_ascii_case(got)
    {
        findings.push(Finding::new(
            FindingId::ConfigMethodMismatch,
            None,
            format!("the request is {got}, but the webhook is configured as {expected}"),
        ));
    }
}

/// Every configured header is in the request, with its configured value.
fn check_headers(request: &Request, configured_headers: &[ConfigHeader], findings: &mut Vec<Finding>) {
    for configured in configured_headers {
        match request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(&configured.name))
        {
            None => findings.push(Finding::new(
                FindingId::ConfigHeaderMissing,
                Some(&configured.name),
                format!("the configured header `{}` is not in the request", configured.name),
            )),
            Some(h) if h.value != configured.value => findings.push(Finding::new(
                FindingId::ConfigHeaderMismatch,
                Some(&configured.name),
                format!(
                    "`{}` arrived with another value than the configured one",
                    configured.name
                ),
            )),
            Some(_) => {}
        }
    }
}

/// The request's Basic credentials are the configured ones.
fn check_credentials(request: &Request, username: &str, password: &str, findings: &mut Vec<Finding>) {
    match &request.credentials {
        None => findings.push(Finding::new(
            FindingId::ConfigCredentialsMissing,
            None,
            "credentials are configured, but the request has no Basic Authorization".into(),
        )),
        Some(c) if c.username != username || c.password.as_deref() != Some(password) => {
            let which = if c.username == username { "password" } else { "username" };
            findings.push(Finding::new(
                FindingId::ConfigCredentialsMismatch,
                None,
                format!("the request's Basic {which} is not the configured one"),
            ));
        }
        Some(_) => {}
    }
}

/// Names each query parameter by its configured field (instead of by its name), and
/// reports parameters the configuration does not have, custom values that differ,
/// and configured parameters the request lacks.
fn name_parameters(request: &mut Request, webhook: &Webhook, tz: FixedOffset, findings: &mut Vec<Finding>) {
    for p in &mut request.query {
        p.inferred = false;
        let Some(configured) = webhook.query_params.iter().find(|c| c.name == p.name) else {
            p.field = None;
            p.display = None;
            findings.push(Finding::new(
                FindingId::ConfigParamUnexpected,
                Some(&p.name),
                format!("`{}` is not a parameter of the configured webhook", p.name),
            ));
            continue;
        };
        p.field = configured.field;
        p.display = configured
            .field
            .and_then(|f| interpret(f, &Value::String(p.value.clone()), tz).display);
        if configured.field.is_some_and(|f| f.id == "custom")
            && let Some(expected) = &configured.value
            && expected != &p.value
        {
            findings.push(Finding::new(
                FindingId::ConfigCustomMismatch,
                Some(&p.name),
                // A message names a secret parameter, never its values.
                if p.secret {
                    format!("`{}` arrived with another value than the configured one", p.name)
                } else {
                    format!(
                        "`{}` is configured as {expected:?} but arrived as {:?}",
                        p.name, p.value
                    )
                },
            ));
        }
    }
    for configured in &webhook.query_params {
        if !request.query.iter().any(|p| p.name == configured.name) {
            findings.push(Finding::new(
                FindingId::ConfigParamMissing,
                Some(&configured.name),
                format!("the configured parameter `{}` is not in the request", configured.name),
            ));
        }
    }
}

/// Each mapped query value says what the same field of the POST body says.
fn check_values(request: &Request, payload: &Payload, findings: &mut Vec<Finding>) {
    for p in &request.query {
        let Some(field) = p.field.filter(|f| f.id != "custom") else {
            continue;
        };
        let body = payload
            .fields
            .iter()
            .filter_map(|row| row.field.map(|f| (f, &row.value)))
            .find(|(f, _)| f.id == field.id || field.same_as.contains(&f.id));
        if let Some((body_field, body_value)) = body
            && !same_value(field, &p.value, body_field, body_value)
        {
            findings.push(Finding::new(
                FindingId::ConfigValueMismatch,
                Some(&p.name),
                format!(
                    "`{}` is {:?}, but the body's `{}` is {}",
                    p.name, p.value, body_field.id, body_value
                ),
            ));
        }
    }
}

/// The webhook a request was sent by: the only one, or the one whose URL's path is
/// the request's; among several, a v2 one for a v2 event that subscribes to it, a
/// v1 one of the request's method.
fn pick<'w>(webhooks: &'w Webhooks, request: &Request, event_type: Option<&str>) -> Option<Sender<'w>> {
    match (webhooks.v1.as_slice(), webhooks.v2.as_slice()) {
        ([only], []) => return Some(Sender::V1(only)),
        ([], [only]) => return Some(Sender::V2(only)),
        _ => {}
    }
    let path = path_of(request.url.as_deref()?);
    let same_path = |url: Option<&str>| url.is_some_and(|u| path_of(u) == path);
    let v2: Vec<&v2::Webhook> = webhooks.v2.iter().filter(|w| same_path(w.url.as_deref())).collect();
    let v1: Vec<&Webhook> = webhooks
        .v1
        .iter()
        .filter(|w| same_path(w.target_url.as_deref()))
        .collect();
    let subscribed = |w: &&&v2::Webhook| event_type.and_then(event).is_some_and(|e| w.events.contains(&e));
    if (event_type.is_some() || v1.is_empty())
        && let Some(w) = v2.iter().find(subscribed).or(v2.first())
    {
        return Some(Sender::V2(w));
    }
    let first = v1.first()?;
    Some(Sender::V1(
        v1.iter()
            .find(|w| w.method.as_deref() == request.method.as_deref())
            .unwrap_or(first),
    ))
}

/// A request checked against the v2 webhook that sent it.
fn check_v2(record: &mut DecodedRecord, webhook: &v2::Webhook, event_type: Option<&str>) {
    let format = record.format;
    let (carries_headers, carries_query) = carries(format);
    let Some(request) = record.request.as_mut() else {
        return;
    };
    let findings = &mut record.findings;
    // The configured headers and the API key are secrets, whatever their names.
    for h in &mut request.headers {
        let is_key = matches!(&webhook.auth, Auth::ApiKey { location: KeyLocation::Header, name, .. } if name.eq_ignore_ascii_case(&h.name));
        if is_key || webhook.headers.iter().any(|c| c.name.eq_ignore_ascii_case(&h.name)) {
            h.secret = true;
        }
    }
    if let Auth::ApiKey {
        location: KeyLocation::Query,
        name,
        ..
    } = &webhook.auth
    {
        for p in request.query.iter_mut().filter(|p| &p.name == name) {
            p.secret = true;
        }
    }
    if let (Some(url), Some(sent)) = (webhook.url.as_deref(), request.url.as_deref())
        && path_of(url) != path_of(sent)
    {
        findings.push(Finding::new(
            FindingId::ConfigPathMismatch,
            None,
            format!(
                "the request went to the path {:?}, but {}'s URL has {:?}",
                path_of(sent),
                webhook_name(webhook),
                path_of(url)
            ),
        ));
    }
    if carries_headers {
        method_is(request, "POST", findings);
        // A listener is reached through a tunnel, under its own host.
        if format != InputFormat::ListenLog {
            check_host(request, webhook, findings);
        }
        check_headers(request, &webhook.headers, findings);
        match &webhook.auth {
            Auth::None => {}
            Auth::Basic { username, password } => check_credentials(request, username, password, findings),
            Auth::ApiKey { location, name, value } => check_api_key(request, *location, name, value, findings),
        }
    }
    if carries_query {
        check_url_query(request, webhook, findings);
    }
    match event_type {
        None => findings.push(Finding::new(
            FindingId::ConfigNotV2Event,
            None,
            format!(
                "the body is not a v2 event (no `event_type` and `payload`), but {} is a v2 webhook, which sends nothing else",
                webhook_name(webhook)
            ),
        )),
        Some(name) => {
            let known = event(name);
            if !known.is_some_and(|e| webhook.events.contains(&e)) {
                let subscribed: Vec<&str> = webhook.events.iter().map(|e| e.name).collect();
                findings.push(Finding::new(
                    FindingId::ConfigEventNotSubscribed,
                    Some("event_type"),
                    format!(
                        "{} does not subscribe to {name:?} (its events: {}), so MyOperator would not send it there; add it to `events`, or look for the webhook that sent it",
                        webhook_name(webhook),
                        subscribed.join(", ")
                    ),
                ));
            }
        }
    }
}

/// `the webhook "CRM calls"`, or `the v2 webhook` when it has no name.
fn webhook_name(webhook: &v2::Webhook) -> String {
    webhook
        .name
        .as_deref()
        .map_or_else(|| "the v2 webhook".to_owned(), |n| format!("the webhook {n:?}"))
}

/// The request's host (its URL's, else its Host header) is the configured URL's.
fn check_host(request: &Request, webhook: &v2::Webhook, findings: &mut Vec<Finding>) {
    let Some(url) = webhook.url.as_deref() else {
        return;
    };
    let expected = UrlParts::split(url).host();
    let sent = request
        .url
        .as_deref()
        .map(|u| UrlParts::split(u).host())
        .filter(|h| !h.is_empty())
        .or_else(|| {
            request
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("host"))
                .map(|h| h.value.split(':').next().unwrap_or_default())
        });
    if let Some(sent) = sent
        && !expected.is_empty()
        && !sent.eq_ignore_ascii_case(expected)
    {
        findings.push(Finding::new(
            FindingId::ConfigHostMismatch,
            None,
            format!("the request went to {sent:?}, but the webhook's URL is on {expected:?}"),
        ));
    }
}

/// The API key the webhook sends is in the request, in its header or query
/// parameter, with the configured value.
fn check_api_key(request: &Request, location: KeyLocation, name: &str, value: &str, findings: &mut Vec<Finding>) {
    let sent = match location {
        KeyLocation::Header => request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str()),
        KeyLocation::Query => request.query.iter().find(|p| p.name == name).map(|p| p.value.as_str()),
    };
    let place = match location {
        KeyLocation::Header => format!("header `{name}`"),
        KeyLocation::Query => format!("query parameter `{name}`"),
    };
    match sent {
        None => findings.push(Finding::new(
            FindingId::ConfigApiKeyMissing,
            Some(name),
            format!("the API key is configured in the {place}, which the request does not have"),
        )),
        Some(sent) if sent != value => findings.push(Finding::new(
            FindingId::ConfigApiKeyMismatch,
            Some(name),
            format!("the {place} arrived with another value than the configured API key"),
        )),
        Some(_) => {}
    }
}

/// The fixed query parameters of the webhook's URL arrive as configured; others,
/// but the API key, are reported.
fn check_url_query(request: &Request, webhook: &v2::Webhook, findings: &mut Vec<Finding>) {
    let configured = webhook
        .url
        .as_deref()
        .and_then(|u| UrlParts::split(u).query())
        .map(|(query, _)| parse_form(query, FormContext::Query).0)
        .unwrap_or_default();
    let key_name = match &webhook.auth {
        Auth::ApiKey {
            location: KeyLocation::Query,
            name,
            ..
        } => Some(name.as_str()),
        _ => None,
    };
    for c in &configured {
        match request.query.iter().find(|p| p.name == c.name) {
            None => findings.push(Finding::new(
                FindingId::ConfigParamMissing,
                Some(&c.name),
                format!(
                    "the webhook's URL has the parameter `{}`, which the request does not",
                    c.name
                ),
            )),
            Some(p) if p.value != c.value => findings.push(Finding::new(
                FindingId::ConfigCustomMismatch,
                Some(&c.name),
                format!(
                    "`{}` is {:?} in the webhook's URL but arrived as {:?}",
                    c.name, c.value, p.value
                ),
            )),
            Some(_) => {}
        }
    }
    for p in &request.query {
        if Some(p.name.as_str()) != key_name && !configured.iter().any(|c| c.name == p.name) {
            findings.push(Finding::new(
                FindingId::ConfigParamUnexpected,
                Some(&p.name),
                format!("`{}` is not in the configured webhook's URL", p.name),
            ));
        }
    }
}

/// `/webhook.php` of `https://host/webhook.php?a=b` or `/webhook.php?a=b`.
fn path_of(url: &str) -> &str {
    UrlParts::split(url).path()
}

/// Whether a query value and a body value say the same, each read by its type.
fn same_value(field: &Field, query: &str, body_field: &Field, body: &Value) -> bool {
    let body_text = match body {
        Value::String(s) => s.trim().to_owned(),
        Value::Null => return true,
        other => other.to_string(),
    };
    let query = query.trim();
    match (field.value_type, body_field.value_type) {
        (ValueType::PhoneNumber, ValueType::PhoneNumber) => phone_key(query) == phone_key(&body_text),
        (ValueType::DateTime, _) | (_, ValueType::DateTime) => {
            match (parse_date_time_utc(query), parse_date_time_utc(&body_text)) {
                (Some(a), Some(b)) => a == b,
                _ => query == body_text,
            }
        }
        (ValueType::Code(_), _) => integer(&Value::String(query.to_owned())) == integer(body),
        _ => query == body_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(path_of("https://crm.example.com/webhook.php?a=1"), "/webhook.php");
        assert_eq!(path_of("/webhook.php?a=1"), "/webhook.php");
        assert_eq!(path_of("https://crm.example.com"), "");
    }
}
