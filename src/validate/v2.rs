//! A Webhook v2 configuration: the model of one webhook as the v2 panel has it
//! (`url`, `events`, `auth`, `headers`), and its rules. The panel's limits and
//! choices are MyOperator's setup article's: HTTPS only, URLs of at most 2048
//! characters, None, Basic or API-key authentication (header or query), at most 10
//! custom headers with unique names, at most 10 webhooks per company.
//!
//! ```json
//! {"version": 2, "name": "CRM calls", "url": "https://crm.example.in/hooks/myoperator",
//!  "events": ["call.end", "call.summary"],
//!  "auth": {"type": "api_key", "in": "header", "name": "x-webhook-token", "value": "..."},
//!  "headers": [{"name": "X-Source", "value": "myoperator"}]}
//! ```

use jsonc_parser::ast::{Object, ObjectPropName, Value};

use super::config::{Checker, ConfigHeader, Version, pointer, span};
use super::rules::Rule;
use crate::vocabulary::Provenance;
use crate::vocabulary::v2_events::{V2Event, event, suggest_event};

/// MyOperator's per-company limit of v2 webhooks.
pub const MAX_WEBHOOKS: usize = 10;
/// The panel's limit of custom headers per webhook.
pub const MAX_HEADERS: usize = 10;
/// The panel's limit on a URL's length, in characters.
pub const MAX_URL_CHARS: usize = 2048;

pub(super) const WEBHOOK_KEYS: &[&str] = &["version", "name", "url", "events", "auth", "headers"];
const AUTH_KEYS: &[&str] = &["type", "username", "password", "in", "name", "value"];
const HEADER_KEYS: &[&str] = &["name", "value"];

/// One v2 webhook as configured; what could not be read is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Webhook {
    pub name: Option<String>,
    pub url: Option<String>,
    /// The events subscribed to, once each, in file order.
    pub events: Vec<&'static V2Event>,
    pub auth: Auth,
    pub headers: Vec<ConfigHeader>,
}

/// How MyOperator proves the request is its own. It signs nothing: each of these
/// is a static secret the request carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Auth {
    #[default]
    None,
    /// `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: String },
    /// A key sent as a header or query parameter named `name`.
    ApiKey {
        location: KeyLocation,
        name: String,
        value: String,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
}

impl KeyLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Query => "query",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AuthType {
    None,
    Basic,
    ApiKey,
}

impl AuthType {
    const ALL: [(&'static str, Self); 3] = [("none", Self::None), ("basic", Self::Basic), ("api_key", Self::ApiKey)];

    fn keys(self) -> &'static [&'static str] {
        match self {
            Self::None => &["type"],
            Self::Basic => &["type", "username", "password"],
            Self::ApiKey => &["type", "in", "name", "value"],
        }
    }

    fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(_, t)| *t == self).map_or("", |(s, _)| s)
    }
}

/// The help for a v1 key in a v2 webhook.
fn v1_key_hint(key: &str) -> Option<String> {
    Some(
        match key {
            "target_url" => "v2 calls it `url`",
            "method" => "v2 always POSTs JSON: remove it",
            "format" => "v2 always sends a JSON envelope: remove it",
            "type" => "v2 subscribes to `events` instead of a webhook type",
            "log_criteria" => "v2 subscribes to `events` instead",
            "credentials" => "v2 takes `\"auth\": {\"type\": \"basic\", \"username\": ..., \"password\": ...}`",
            "query_params" => {
                "v2 maps no query parameters: the fields are in the JSON body (`callhook migrate` shows where)"
            }
            _ => return None,
        }
        .into(),
    )
}

impl Checker<'_> {
    pub(super) fn v2_webhook(&mut self, object: &Object<'_>, at: &str) -> Webhook {
        let props = self.properties(object, at, WEBHOOK_KEYS, &v1_key_hint);
        let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        let opening = object.range.start..object.range.start + 1;
        for (key, help) in [
            ("url", "add `\"url\": \"https://your-server/webhook\"`"),
            (
                "events",
                "add `\"events\": [\"call.end\"]`, the events to be called for",
            ),
        ] {
            if get(key).is_none() {
                self.report(
                    Rule::MissingKey,
                    opening.clone(),
                    at,
                    format!("this v2 webhook has no `{key}`"),
                    Some(help.into()),
                );
            }
        }
        let mut webhook = Webhook::default();
        if let Some(value) = get("name") {
            match value {
                Value::StringLit(lit) => webhook.name = Some(lit.value.to_string()),
                other => self.wrong_type(other, &pointer(at, "name"), "name", "a string"),
            }
        }
        let mut url_params = Vec::new();
        if let Some(value) = get("url") {
            let here = pointer(at, "url");
            match value {
                Value::StringLit(lit) => {
                    url_params = self.url(&lit.value, lit.range.start..lit.range.end, &here, Version::V2);
                    webhook.url = Some(lit.value.to_string());
                }
                other => self.wrong_type(other, &here, "url", "a string"),
            }
        }
        if let Some(value) = get("events") {
            webhook.events = self.events(value, &pointer(at, "events"));
        }
        if let Some(value) = get("auth") {
            webhook.auth = self.auth(value, &pointer(at, "auth"), &url_params);
        }
        if let Some(value) = get("headers") {
            webhook.headers = self.v2_headers(value, &pointer(at, "headers"), &webhook.auth);
        }
        webhook
    }

    fn events(&mut self, value: &Value<'_>, at: &str) -> Vec<&'static V2Event> {
        let Value::Array(array) = value else {
            self.wrong_type(value, at, "events", "an array of event types such as `[\"call.end\"]`");
            return Vec::new();
        };
        if array.elements.is_empty() {
            self.report(
                Rule::EventsEmpty,
                span(value),
                at,
                "this webhook subscribes to no event, so it is never called".into(),
                Some("add the events to be called for, such as `\"call.end\"`".into()),
            );
        }
        let mut events: Vec<&'static V2Event> = Vec::new();
        for (i, element) in array.elements.iter().enumerate() {
            let here = format!("{at}/{i}");
            let Value::StringLit(lit) = element else {
                self.wrong_type(element, &here, "events[]", "an event type such as `\"call.end\"`");
                continue;
            };
            let r = lit.range.start..lit.range.end;
            let name: &str = &lit.value;
            let Some(found) = event(name) else {
                self.report(
                    Rule::EventUnknown,
                    r,
                    &here,
                    format!("`{name}` is not an event type MyOperator is known to send"),
                    Some(match suggest_event(name) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "call events are `call.initiated`, `call.dial_begin`, `call.answered`, `call.end`, `call.summary` and `disposition`".into(),
                    }),
                );
                continue;
            };
            if events.contains(&found) {
                let same = if found.name == name {
                    String::new()
                } else {
                    format!(" (as `{}`)", found.name)
                };
                self.report(
                    Rule::EventRepeated,
                    r,
                    &here,
                    format!("`{name}` is subscribed to already{same}"),
                    Some("remove this one".into()),
                );
                continue;
            }
            if found.name != name {
                self.report(
                    Rule::EventOtherSpelling,
                    r.clone(),
                    &here,
                    format!("`{name}` is the payload article's spelling of `{}`", found.name),
                    Some(format!(
                        "accepted; the Postman collection and consumer code write `{}`, and captures may carry either",
                        found.name
                    )),
                );
            }
            if found.provenance == Provenance::Inferred {
                self.report(
                    Rule::EventUnconfirmed,
                    r,
                    &here,
                    format!("`{name}` is named by one public note only"),
                    Some("accepted; the panel may not offer it, and nothing is known of its payload".into()),
                );
            }
            events.push(found);
        }
        events
    }

    #[allow(clippy::too_many_lines, reason = "each auth type's keys checked in turn")]
    fn auth(&mut self, value: &Value<'_>, at: &str, url_params: &[String]) -> Auth {
        let Value::Object(object) = value else {
            if !matches!(value, Value::NullKeyword(_)) {
                self.wrong_type(value, at, "auth", "an object such as `{\"type\": \"none\"}`");
            }
            return Auth::None;
        };
        let props = self.properties(object, at, AUTH_KEYS, &|_| None);
        let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        let opening = object.range.start..object.range.start + 1;
        let Some(type_value) = get("type") else {
            self.report(
                Rule::MissingKey,
                opening,
                at,
                "this `auth` has no `type`".into(),
                Some("add `\"type\": \"none\"`, `\"basic\"` or `\"api_key\"`".into()),
            );
            return Auth::None;
        };
        let Some(auth_type) = self.one_of(
            type_value,
            &pointer(at, "type"),
            "type",
            &AuthType::ALL,
            |text| AuthType::ALL.iter().find(|(s, _)| *s == text).map(|(_, t)| *t),
            Rule::AuthInvalid,
        ) else {
            return Auth::None;
        };
        let allowed = auth_type.keys();
        for prop in &object.properties {
            let key = prop.name.as_str();
            if AUTH_KEYS.contains(&key) && !allowed.contains(&key) {
                // A secret in the wrong place is still a secret.
                if let (Value::StringLit(lit), "password" | "value") = (&prop.value, key) {
                    self.secret(lit);
                }
                let owner = AuthType::ALL
                    .iter()
                    .find(|(_, t)| t.keys().contains(&key))
                    .map_or("", |(s, _)| *s);
                let key_span = match &prop.name {
                    ObjectPropName::String(lit) => lit.range.start..lit.range.end,
                    ObjectPropName::Word(lit) => lit.range.start..lit.range.end,
                };
                self.report(
                    Rule::AuthInvalid,
                    key_span,
                    &pointer(at, key),
                    format!("`{key}` belongs to `{owner}` auth, not `{}`", auth_type.as_str()),
                    Some(format!("remove it, or set `\"type\": \"{owner}\"`")),
                );
            }
        }
        let text = |checker: &mut Self, key: &str| -> Option<(String, std::ops::Range<usize>, bool)> {
            match get(key) {
                None => {
                    checker.report(
                        Rule::MissingKey,
                        opening.clone(),
                        at,
                        format!("this `{}` auth has no `{key}`", auth_type.as_str()),
                        Some(format!("add `\"{key}\": \"...\"`")),
                    );
                    None
                }
                Some(Value::StringLit(lit)) => {
                    let is_secret = matches!(key, "password" | "value");
                    let value = if is_secret {
                        checker.secret(lit)
                    } else if key == "username" {
                        checker.username(lit, &pointer(at, key))
                    } else {
                        lit.value.to_string()
                    };
                    Some((value, lit.range.start..lit.range.end, lit.value.is_empty()))
                }
                Some(other) => {
                    checker.wrong_type(other, &pointer(at, key), key, "a string");
                    None
                }
            }
        };
        let auth = match auth_type {
            AuthType::None => Some(Auth::None),
            AuthType::Basic => {
                let username = text(self, "username");
                let password = text(self, "password");
                if let Some((_, r, true)) = &username {
                    self.report(
                        Rule::AuthInvalid,
                        r.clone(),
                        &pointer(at, "username"),
                        "the username is empty".into(),
                        Some("write the username your server expects".into()),
                    );
                }
                username
                    .zip(password)
                    .map(|((username, ..), (password, ..))| Auth::Basic { username, password })
            }
            AuthType::ApiKey => {
                let location = get("in").and_then(|v| {
                    self.one_of(
                        v,
                        &pointer(at, "in"),
                        "in",
                        &[("header", KeyLocation::Header), ("query", KeyLocation::Query)],
                        |t| match t {
                            "header" => Some(KeyLocation::Header),
                            "query" => Some(KeyLocation::Query),
                            _ => None,
                        },
                        Rule::AuthInvalid,
                    )
                });
                if get("in").is_none() {
                    self.report(
                        Rule::MissingKey,
                        opening.clone(),
                        at,
                        "this `api_key` auth has no `in`".into(),
                        Some("add `\"in\": \"header\"` (or `\"query\"`)".into()),
                    );
                }
                let name = text(self, "name");
                let value = text(self, "value");
                if let Some((_, r, true)) = &value {
                    self.report(
                        Rule::AuthInvalid,
                        r.clone(),
                        &pointer(at, "value"),
                        "the API key's value is empty".into(),
                        Some("write the key your server checks".into()),
                    );
                }
                if let (Some(location), Some((name, r, _))) = (location, &name) {
                    let name_span = self.inside(r.clone(), name, 0, name.len());
                    let here = pointer(at, "name");
                    match location {
                        // Authorization is the API key's to send here: a bearer token.
                        KeyLocation::Header => self.header_name(name, name_span, &here, None),
                        KeyLocation::Query => self.param_name(name, r.clone(), &here, &[], url_params),
                    }
                }
                match (location, name, value) {
                    (Some(location), Some((name, ..)), Some((value, ..))) => {
                        Some(Auth::ApiKey { location, name, value })
                    }
                    _ => None,
                }
            }
        };
        auth.unwrap_or_default()
    }

    fn v2_headers(&mut self, value: &Value<'_>, at: &str, auth: &Auth) -> Vec<ConfigHeader> {
        let Value::Array(array) = value else {
            self.wrong_type(value, at, "headers", "an array of `{\"name\", \"value\"}` objects");
            return Vec::new();
        };
        let key_header = match auth {
            Auth::ApiKey {
                location: KeyLocation::Header,
                name,
                ..
            } => Some(name.as_str()),
            _ => None,
        };
        let mut headers: Vec<ConfigHeader> = Vec::new();
        for (i, element) in array.elements.iter().enumerate() {
            let here = format!("{at}/{i}");
            if i == MAX_HEADERS {
                self.report(
                    Rule::HeadersTooMany,
                    span(element),
                    &here,
                    format!("this is custom header {}; the panel takes {MAX_HEADERS}", i + 1),
                    Some("send fewer: one header can carry several values".into()),
                );
            }
            let Value::Object(object) = element else {
                self.wrong_type(
                    element,
                    &here,
                    "headers[]",
                    "an object `{\"name\": ..., \"value\": ...}`",
                );
                continue;
            };
            let props = self.properties(object, &here, HEADER_KEYS, &|_| None);
            let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
            let value = match get("value") {
                None => String::new(),
                Some(Value::StringLit(lit)) => {
                    let r = lit.range.start..lit.range.end;
                    self.no_line_breaks(&lit.value, r, &pointer(&here, "value"));
                    self.secret(lit)
                }
                Some(other) => {
                    self.wrong_type(other, &pointer(&here, "value"), "value", "a string");
                    String::new()
                }
            };
            let name = match get("name") {
                None => {
                    self.report(
                        Rule::MissingKey,
                        object.range.start..object.range.start + 1,
                        &here,
                        "this header has no `name`".into(),
                        Some("add `\"name\": \"X-Source\"`".into()),
                    );
                    continue;
                }
                Some(Value::StringLit(lit)) => lit,
                Some(other) => {
                    self.wrong_type(other, &pointer(&here, "name"), "name", "a string");
                    continue;
                }
            };
            let r = name.range.start..name.range.end;
            let at_name = pointer(&here, "name");
            let text: &str = &name.value;
            let name_span = self.inside(r.clone(), text, 0, text.len());
            if self.no_line_breaks(text, r, &at_name) {
                self.header_name(
                    text,
                    name_span.clone(),
                    &at_name,
                    Some("remove it: `auth` sends Authorization (an API key may be named Authorization)"),
                );
            }
            if key_header.is_some_and(|k| k.eq_ignore_ascii_case(text)) {
                self.report(
                    Rule::HeaderAuthClash,
                    name_span.clone(),
                    &at_name,
                    format!("`{text}` is the API key's header"),
                    Some("remove this header, or rename one of them".into()),
                );
            } else if headers.iter().any(|h| h.name.eq_ignore_ascii_case(text)) {
                self.report(
                    Rule::HeaderNameRepeated,
                    name_span,
                    &at_name,
                    format!("`{text}` is given twice (names are compared ignoring case)"),
                    Some("keep one".into()),
                );
            }
            headers.push(ConfigHeader {
                name: text.to_owned(),
                value,
            });
        }
        headers
    }

    /// Reports a CR or LF in a header's name or value; whether there was none (a
    /// name with one is checked no further).
    fn no_line_breaks(&mut self, text: &str, r: std::ops::Range<usize>, at: &str) -> bool {
        if !text.contains(['\r', '\n']) {
            return true;
        }
        self.report(
            Rule::HeaderInjection,
            r,
            at,
            "the header contains a line break, which would inject headers or a body".into(),
            Some("remove `\\r` and `\\n` from the header".into()),
        );
        false
    }
}
