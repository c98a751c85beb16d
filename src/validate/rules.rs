//! The rules `validate` checks, each with a stable id, a severity, and an
//! explanation for `validate --explain RULE`.

use crate::stable_ids::stable_ids;

stable_ids! {
    /// Every rule of `validate`.
    pub enum Rule {
        InvalidJson = "invalid-json", Error,
            "The file is not strict JSON (comments, trailing commas and single quotes included): the panel would reject it.";
        RootType = "root-type", Error,
            "The file must hold one webhook object, or an array of them (one per log criteria, as the documents advise).";
        NoWebhooks = "no-webhooks", Error,
            "An empty array configures nothing.";
        UnknownKey = "unknown-key", Error,
            "A key the panel does not have, usually a typo (`target_ulr`): its value would be ignored.";
        DuplicateKey = "duplicate-key", Error,
            "The same key twice in one object: JSON readers keep one of them, so the other is silently lost.";
        MissingKey = "missing-key", Error,
            "A webhook needs `target_url`, `method` and `log_criteria`; without them the panel cannot save it.";
        WrongType = "wrong-type", Error,
            "A value of the wrong JSON type, such as a number for `method` or a string for `headers`.";
        TargetUrlInvalid = "target-url-invalid", Error,
            "The target URL must be an absolute `http://` or `https://` URL with a host: MyOperator calls it from the internet.";
        TargetUrlFragment = "target-url-fragment", Warning,
            "A `#fragment` is never sent to a server: whatever it was meant to carry is lost.";
        TargetUrlCredentials = "target-url-credentials", Error,
            "`user:password@` in the URL leaks the password into logs; set the credentials component instead.";
        TargetUrlUnreachable = "target-url-unreachable", Error,
            "localhost, private and link-local addresses are not reachable from MyOperator's servers.";
        MethodInvalid = "method-invalid", Error,
            "MyOperator sends webhooks with GET or POST only.";
        GetWithoutParams = "get-without-params", Error,
            "A GET webhook carries its data only in query parameters: with none, every webhook arrives empty.";
        HeaderNoColon = "header-no-colon", Error,
            "A header line is `Name: value`; without a colon it is not a header.";
        HeaderNameInvalid = "header-name-invalid", Error,
            "A header name must be an HTTP token (letters, digits and ! # $ % & ' * + - . ^ _ ` | ~): others are rejected or mangled.";
        HeaderInjection = "header-injection", Error,
            "A carriage return or line feed inside a header would start a new header or the body: header injection.";
        HeaderUnderscore = "header-underscore", Warning,
            "nginx drops header names with `_` by default (`underscores_in_headers off`): your server may never see it.";
        HeaderReserved = "header-reserved", Error,
            "Host, Content-Type and Content-Length are set by MyOperator itself, and Authorization by the authentication settings (in v1 when credentials are set, in v2 always): a second one conflicts.";
        HeaderDuplicate = "header-duplicate", Warning,
            "The same header twice: servers disagree on which one wins.";
        CredentialsInvalid = "credentials-invalid", Error,
            "Credentials are `{\"username\": \"...\", \"password\": \"...\"}`, both strings, nothing else.";
        CredentialsUsernameColon = "credentials-username-colon", Error,
            "Basic authentication joins username and password with `:`; a username with a colon cannot be decoded back.";
        SecretOverHttp = "secret-over-http", Warning,
            "Basic credentials or a secret-looking header sent over plain http can be read by anyone on the path; use https.";
        LogCriteriaInvalid = "log-criteria-invalid", Error,
            "Log criteria is `call_logs` or `mobile_logs` (the panel's \"call logs\" or \"mobile logs\"), one per webhook.";
        ParamNameEmpty = "param-name-empty", Error,
            "A query parameter needs a name.";
        ParamNameRepeated = "param-name-repeated", Error,
            "Two parameters with one name: PHP keeps the last, other frameworks the first, so one value is lost.";
        ParamNameEncoding = "param-name-encoding", Error,
            "The documents say: no spaces and no characters that need URL encoding in a parameter name.";
        ParamNamePhp = "param-name-php", Warning,
            "PHP rewrites `.` (and spaces and `[`) in parameter names to `_`: `$_GET['caller.number']` is empty, `$_GET['caller_number']` is not.";
        ParamNameInUrl = "param-name-in-url", Warning,
            "The parameter is already in the target URL's query: the request would carry it twice.";
        FieldUnknown = "field-unknown", Error,
            "The field is neither a dropdown label nor a dictionary id (`callhook fields` lists them).";
        FieldNotInDropdown = "field-not-in-dropdown", Error,
            "The field is in the call log, but the panel's dropdown does not offer it as a query parameter.";
        CustomWithoutValue = "custom-without-value", Error,
            "A custom parameter sends a fixed value: without `value` it sends nothing.";
        ValueOnNonCustom = "value-on-non-custom", Warning,
            "Only custom parameters take a `value`; on a mapped field it is ignored.";
        WebhookTypeInvalid = "webhook-type-invalid", Error,
            "A v1 `type` is `in_call`, `after_call` or `disposition`: the three v1 webhooks, each on its own panel page.";
        FormatInvalid = "format-invalid", Error,
            "A v1 `format` (the body a POST webhook sends) is `json`, `form`, `xml` or `text`.";
        V1Retired = "v1-retired", Warning,
            "MyOperator retired Webhook v1 (In-Call, After-Call and Disposition) on 31 July 2026. `callhook migrate` writes the v2 configuration that does the same job.";
        V1Get = "v1-get", Error,
            "Since MyOperator's 2025 update a v1 webhook is POST only: one that uses GET is view-only, and a new one cannot be made. `decode --config`, `listen --config` and `migrate` still read it, as it says how captures of its time were sent.";
        V1Http = "v1-http", Error,
            "Since MyOperator's 2025 update a v1 webhook needs an https:// URL: one on http:// is view-only, and a new one cannot be made. `decode --config`, `listen --config` and `migrate` still read it.";
        V1NotJson = "v1-not-json", Error,
            "Since MyOperator's 2025 update a v1 webhook sends JSON only: a form (`myoperator=...`), XML or text body is view-only. A POST webhook without `format` sends the form the In-Call document describes. `decode --config`, `listen --config` and `migrate` still read it.";
        V1MappedParam = "v1-mapped-param", Error,
            "Since MyOperator's 2025 update v1 query parameters are static only (Custom, with a fixed value): one that maps a call-log field is view-only. Read the field from the JSON body. `decode --config`, `listen --config` and `migrate` still read it.";
        VersionInvalid = "version-invalid", Error,
            "`version` is the number 2 for a Webhook v2 configuration; without it (or with 1) a webhook is read as v1.";
        UrlNotHttps = "url-not-https", Error,
            "Webhook v2 takes https:// URLs only: the panel rejects others with \"Valid HTTPS URL required.\"";
        UrlTooLong = "url-too-long", Error,
            "The v2 panel takes URLs of at most 2048 characters.";
        EventsEmpty = "events-empty", Error,
            "A v2 webhook subscribed to no event is never called.";
        EventUnknown = "event-unknown", Error,
            "Not an event type MyOperator is known to send (the call.*, disposition, message.* and conversation.* events): a subscription to it would never fire.";
        EventRepeated = "event-repeated", Warning,
            "The same event twice: the panel has one checkbox per event, so the second means nothing, and is often a typo for another.";
        EventOtherSpelling = "event-other-spelling", Info,
            "`call.disposition` is how MyOperator's payload article writes the disposition event; its Postman collection and the code that consumes it write `disposition`. Either is accepted, and callhook reads both in captures.";
        EventUnconfirmed = "event-unconfirmed", Info,
            "`call.ivr_started` is named by one public note only; MyOperator counts six call events without it, so the panel may not offer it.";
        AuthInvalid = "auth-invalid", Error,
            "`auth` is `{\"type\": \"none\"}`, `{\"type\": \"basic\", \"username\", \"password\"}` or `{\"type\": \"api_key\", \"in\": \"header\" or \"query\", \"name\", \"value\"}`, as the panel offers them; keys of another type, or empty values, cannot be saved.";
        HeaderAuthClash = "header-auth-clash", Error,
            "A custom header with the API key's header name: the request would carry two values for one header, and your server may read the wrong one.";
        HeaderNameRepeated = "header-name-repeated", Error,
            "The v2 panel rejects two custom headers with one name, compared ignoring case.";
        HeadersTooMany = "headers-too-many", Error,
            "The v2 panel takes at most 10 custom headers per webhook.";
        WebhooksTooMany = "webhooks-too-many", Error,
            "MyOperator allows at most 10 v2 webhooks per company, so one file cannot configure more.";
    }
}

impl Rule {
    /// The 2025 update's rules: what the panel no longer accepts for a v1 webhook. A
    /// configuration that breaks only these cannot be saved today, but still says how
    /// the captures of its time were sent, so the commands that read captures
    /// through it (and `migrate`) take it.
    pub(crate) fn forbids_saving_only(self) -> bool {
        matches!(self, Rule::V1Get | Rule::V1Http | Rule::V1NotJson | Rule::V1MappedParam)
    }
}
