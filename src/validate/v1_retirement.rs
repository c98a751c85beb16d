//! What MyOperator's 2025 security update and the retirement of Webhook v1 mean for
//! a v1 configuration. Since the update, a v1 webhook is HTTPS, POST and JSON with
//! static parameters only: one that uses anything else is view-only. Since 31 July
//! 2026, v1 is retired. What the update made view-only (GET, http, a body that is not
//! JSON, a mapped parameter) is an error, as the panel will not save it; the
//! retirement is a warning. Those errors forbid saving only: a view-only webhook may
//! still fire, and `decode --config`, `listen --config` and `migrate` read such
//! configurations as they are.

use std::ops::Range;

use super::config::{BodyFormat, Checker, Webhook, pointer};
use super::rules::Rule;
use crate::vocabulary::Field;
use crate::vocabulary::counterparts::counterpart;

impl Checker<'_> {
    /// The method and body rules for the webhook at `at`; `method` and `format` are
    /// the spans of those values.
    pub(super) fn since_2025(
        &mut self,
        webhook: &Webhook,
        method: Range<usize>,
        format: Option<Range<usize>>,
        at: &str,
    ) {
        let (at_method, at_format) = (pointer(at, "method"), pointer(at, "format"));
        match webhook.method.as_deref() {
            Some("GET") => self.report(
                Rule::V1Get,
                method,
                &at_method,
                "a GET webhook is view-only since MyOperator's 2025 update".into(),
                Some("use `POST` with `\"format\": \"json\"`; Webhook v2 always POSTs JSON".into()),
            ),
            Some("POST") => match (webhook.format, format) {
                // JSON is what the update keeps; an invalid `format` is reported as such.
                (Some(BodyFormat::Json), _) | (None, Some(_)) | (Some(_), None) => {}
                (Some(body), Some(span)) => self.report(
                    Rule::V1NotJson,
                    span,
                    &at_format,
                    format!("a `{}` body is view-only since MyOperator's 2025 update", body.as_str()),
                    Some("use `\"format\": \"json\"`, the only body since 2025".into()),
                ),
                (None, None) => self.report(
                    Rule::V1NotJson,
                    method,
                    &at_method,
                    "a POST webhook without `format` sends a form body (`myoperator=...`), view-only since MyOperator's 2025 update".into(),
                    Some("add `\"format\": \"json\"`, the only body since 2025".into()),
                ),
            },
            _ => {}
        }
    }

    /// `scheme` is the span of `http` in the URL.
    pub(super) fn v1_http(&mut self, scheme: Range<usize>, at: &str) {
        self.report(
            Rule::V1Http,
            scheme,
            at,
            "an http:// webhook is view-only since MyOperator's 2025 update".into(),
            Some("use `https://`".into()),
        );
    }

    /// A query parameter `name` that maps `field`; `r` is the span of the field's name.
    pub(super) fn v1_mapped_param(&mut self, name: &str, field: &Field, r: Range<usize>, at: &str) {
        let instead = match counterpart(field.id).map(|c| c.v2) {
            Some([path, ..]) => format!("in v2 it is `{path}`"),
            _ => "v2 has no counterpart".to_owned(),
        };
        self.report(
            Rule::V1MappedParam,
            r,
            at,
            format!(
                "`{name}` maps the field `{}`: mapped parameters are view-only since MyOperator's 2025 update",
                field.id
            ),
            Some(format!(
                "read the field from the JSON body ({instead}); `callhook migrate` writes the v2 configuration"
            )),
        );
    }

    /// Once per file with a v1 webhook, at the first one.
    pub(super) fn retirement(&mut self) {
        let Some((first, at)) = self.first_v1.clone() else {
            return;
        };
        let count = self.out.webhooks.len();
        self.report(
            Rule::V1Retired,
            first,
            &at,
            match count {
                1 => "this is a Webhook v1 configuration, and v1 was retired on 31 July 2026".to_owned(),
                n => format!("these {n} webhooks are Webhook v1, and v1 was retired on 31 July 2026"),
            },
            Some("`callhook migrate` on this file writes the v2 configuration that does the same job".into()),
        );
    }
}
