//! Findings: what decoding noticed about a record, each with a stable kebab-case id
//! that users can grep for and scripts can match on.

use crate::stable_ids::stable_ids;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

stable_ids! {
    /// Every finding `decode` can report.
    pub enum FindingId {
        PlusInQuery = "plus-in-query", Warning,
            "A literal `+` in a query value: form decoding (PHP's $_GET) reads it as a space. Send `%2B`.";
        PlusInForm = "plus-in-form", Warning,
            "A literal `+` in a form body value: form decoding reads it as a space, which corrupts phone numbers and JSON text.";
        InvalidPercentEncoding = "invalid-percent-encoding", Warning,
            "A `%` not followed by two hex digits: decoders disagree on it (kept literally here).";
        InvalidUtf8 = "invalid-utf8", Warning,
            "Bytes that are not UTF-8 after percent-decoding: shown with U+FFFD in their place.";
        DuplicateQueryParam = "duplicate-query-param", Warning,
            "A query parameter given twice: PHP keeps the last, other frameworks the first.";
        MyoperatorMissing = "myoperator-missing", Warning,
            "A form body without a `myoperator` field: MyOperator sends the call log there.";
        MyoperatorNotJson = "myoperator-not-json", Error,
            "The `myoperator` field is not a JSON object: json_decode would return null.";
        UnknownField = "unknown-field", Info,
            "A key the dictionary does not know: shown with its value, meaning not documented.";
        CodeOutOfRange = "code-out-of-range", Warning,
            "A coded field with a value the documents do not define, such as call state 8.";
        ValueTypeMismatch = "value-type-mismatch", Warning,
            "A value that contradicts its field's documented type, such as letters in a phone number, or an object where one value belongs (reported on the field, not walked into).";
        BodyNotForm = "body-not-form", Warning,
            "A body that is not a form (or not what its Content-Type says): PHP's $_POST['myoperator'] is unset.";
        BodyNotJson = "body-not-json", Error,
            "A body declared as JSON that does not parse: the call log is lost.";
        ContentLengthMismatch = "content-length-mismatch", Warning,
            "Content-Length disagrees with the body captured: a truncated capture, or a body a server would cut.";
        ChunkedInvalid = "chunked-invalid", Warning,
            "A chunked body with a bad chunk size or framing: decoded as far as it goes.";
        UnknownCurlFlag = "unknown-curl-flag", Warning,
            "A curl option callhook does not know, or cannot follow (a file, a multipart form): the request may differ.";
        SecretOverHttp = "secret-over-http", Warning,
            "Basic credentials or a secret header sent over plain http: anyone on the path can read them.";
        PhpHeaderName = "php-header-name", Info,
            "The `$_SERVER` key PHP gives a custom header: `my-super-secret-token` is HTTP_MY_SUPER_SECRET_TOKEN.";
        ConfigNoMatch = "config-no-match", Warning,
            "With --config: no configured webhook has the captured request's path, so it was not checked.";
        ConfigMethodMismatch = "config-method-mismatch", Warning,
            "With --config: the request's method is not the configured one.";
        ConfigHeaderMissing = "config-header-missing", Warning,
            "With --config: a configured header is not in the request (a proxy may have dropped it).";
        ConfigHeaderMismatch = "config-header-mismatch", Warning,
            "With --config: a configured header arrived with another value.";
        ConfigCredentialsMissing = "config-credentials-missing", Warning,
            "With --config: credentials are configured but the request has no Basic Authorization.";
        ConfigCredentialsMismatch = "config-credentials-mismatch", Warning,
            "With --config: the request's Basic credentials are not the configured ones.";
        ConfigParamMissing = "config-param-missing", Warning,
            "With --config: a configured query parameter is not in the request.";
        ConfigParamUnexpected = "config-param-unexpected", Info,
            "With --config: the request has a query parameter the configuration does not map.";
        ConfigCustomMismatch = "config-custom-mismatch", Warning,
            "With --config: a custom parameter arrived with another value than the configured one.";
        ConfigValueMismatch = "config-value-mismatch", Warning,
            "With --config: a mapped query value disagrees with the same field in the POST body.";
        ConfigApiKeyMissing = "config-api-key-missing", Warning,
            "With a v2 --config: the configured API key is not in the request (in the header or query parameter the webhook names).";
        ConfigApiKeyMismatch = "config-api-key-mismatch", Warning,
            "With a v2 --config: the request's API key is not the configured one.";
        ConfigPathMismatch = "config-path-mismatch", Warning,
            "With a v2 --config: the request's path is not the configured URL's path.";
        ConfigHostMismatch = "config-host-mismatch", Warning,
            "With a v2 --config: the request's Host is not the configured URL's host.";
        ConfigEventNotSubscribed = "config-event-not-subscribed", Warning,
            "With a v2 --config: the event's type is not one the webhook subscribes to, so MyOperator would not send it there.";
        ConfigNotV2Event = "config-not-v2-event", Warning,
            "With a v2 --config: the request's body is not a v2 event (no `event_type` and `payload`), so it was not sent by that webhook.";
        FormSentAsText = "form-sent-as-text", Warning,
            "A `myoperator=` form body sent without the form Content-Type (as text/plain, or with none): PHP's $_POST stays empty; read the raw body (php://input) and parse it as a form.";
        JsonSentAsText = "json-sent-as-text", Warning,
            "A JSON body sent under a Content-Type that is not JSON (text/plain): frameworks that parse JSON by Content-Type (Express's json(), Flask's get_json()) see nothing; decoded here by its shape.";
        SignatureHeader = "signature-header", Warning,
            "A header named like a signature (`X-MyOperator-Signature`, `x-myop-signature`): MyOperator signs nothing, so it is a static value set in the panel that proves only that the sender knows it; compare it as a shared secret, never as an HMAC of the body.";
        ApiKeyInQuery = "api-key-in-query", Warning,
            "A secret-looking query parameter (an API key, a token): the whole URL lands in access logs, proxy logs and monitoring; send the key in a header instead.";
        V2UnknownEventType = "v2-unknown-event-type", Warning,
            "An `event_type` no source lists: shown as sent, and read as a call or WhatsApp event where its prefix (`call.`, `message.`) or its `channel` says which.";
        V2UnknownValue = "v2-unknown-value", Info,
            "A v2 code word no source lists (a `status` or `dial_status` value): shown as sent; a handler that matches only the known words misses it.";
        V2EventVersionString = "v2-event-version-string", Info,
            "`event_version` sent as a string (`\"1\"`) where MyOperator documents an integer: compare it as a number, not with `=== 1`.";
        V2NanosecondTime = "v2-nanosecond-time", Info,
            "A time with more than 6 fraction digits: Python's `datetime.fromisoformat` before 3.11 rejects it and most parsers keep 6 or 3; trim the fraction, or parse with a library that reads nanoseconds.";
        V2RefIdNotYours = "v2-ref-id-not-yours", Info,
            "`payload.ref_id` is MyOperator's own id for the call, not the `reference_id` you passed when placing an OBD call: yours comes back in `payload.client_ref_id`.";
        V2DurationIncludesRing = "v2-duration-includes-ring", Info,
            "`payload.duration` is the whole call, ringing and pickup included; the talk time is the answering leg's `talk_duration`.";
        V2FirstLegIsCustomer = "v2-first-leg-is-customer", Info,
            "`payload.legs[0]` is the customer's leg, not an agent's: the agents tried follow it, and the one who answered is the agent leg whose `result` is `answered`.";
        V2SystemIdentifierEmpty = "v2-system-identifier-empty", Info,
            "`system_identifier` empty or null (as MyOperator documents it on `call.summary`): take the DID from `payload.did`, or from the call's `call.initiated` or `call.end`.";
        V2StatusLegsMismatch = "v2-status-legs-mismatch", Warning,
            "`payload.status` disagrees with the legs: `bridged` with no answered agent leg, or `missed` or `voicemail` with one.";
        V2SessionTimeMismatch = "v2-session-time-mismatch", Warning,
            "The time in `session_id` (`<host>.<epoch>.<seq>`) is not `payload.started_at`, which it equals, to the second, on every known sample.";
        V2TalkExceedsLeg = "v2-talk-exceeds-leg", Warning,
            "A leg's `talk_duration` is longer than the time from its `answered_at` to its end: one of the two is wrong.";
        V2EnvelopePayloadMismatch = "v2-envelope-payload-mismatch", Warning,
            "The envelope and its payload disagree (`direction`, `session_id` against `payload.id`, the customer's number): code that merges one over the other keeps one of them silently.";
    }
}

/// One thing decoding noticed about a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub id: FindingId,
    pub message: String,
    /// The field path or query parameter it concerns, if any.
    pub path: Option<String>,
}

impl Finding {
    pub fn new(id: FindingId, path: Option<&str>, message: String) -> Self {
        Self {
            id,
            message,
            path: path.map(str::to_owned),
        }
    }

    pub fn severity(&self) -> Severity {
        self.id.severity()
    }
}
