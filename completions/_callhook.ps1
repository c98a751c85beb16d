
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'callhook' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'callhook'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'callhook' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show every field of captured webhook requests, with its meaning')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'Show each call''s states in the order they happened and arrived, and what is wrong')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check webhook configurations before saving them, with errors placed like a compiler''s')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Write the Webhook v2 configuration that does a v1 configuration''s job')
            [CompletionResult]::new('fields', 'fields', [CompletionResultType]::ParameterValue, 'Explain call-log fields, codes and dropdown labels, v1 and Webhook v2')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks live, keep every one in a log, decode them as they arrive, and forward them to your app')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send captured requests again, or the requests a webhook configuration would send for a call, to your app: with edits, MyOperator''s retries, disorder and duplicates')
            [CompletionResult]::new('browse', 'browse', [CompletionResultType]::ParameterValue, 'Browse calls interactively: the call list, a call''s ladder, each event decoded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'callhook;decode' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format. `ndjson` prints exactly one JSON object per record; `csv` a row per field, for a spreadsheet')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format. `ndjson` prints exactly one JSON object per record; `csv` a row per field, for a spreadsheet')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Read every record as this format instead of detecting it')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Check each request against the webhook of this configuration that sent it: for v1, name query parameters by their mapping and check method, headers, credentials, parameters and values; for Webhook v2, check the URL, the authentication (Basic, or an API key in a header or the query), the custom headers, and that the webhook subscribes to the event')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw text output with ASCII only, for terminals without Unicode')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'callhook;timeline' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format. `csv` needs --summary; `mermaid` draws one call as a sequence diagram, for pasting into a ticket')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format. `csv` needs --summary; `mermaid` draws one call as a sequence diagram, for pasting into a ticket')
            [CompletionResult]::new('--call', '--call', [CompletionResultType]::ParameterName, 'Show only this call (repeatable)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Show only calls that have this call state (repeatable)')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Read every record as this format instead of detecting it')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'One row per call (uid, type, start, duration, answered, time to answer, state path, anomalies), then totals')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw with ASCII only, for terminals without Unicode')
            [CompletionResult]::new('--anomalies-only', '--anomalies-only', [CompletionResultType]::ParameterName, 'Show only calls with at least one anomaly')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit with status 1 when any call shown has an anomaly (stderr says how many, in how many calls)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'callhook;validate' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Say what a rule checks and why it matters, then exit; without a RULE, list every rule with its severity')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Count warnings as errors for the exit status')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'callhook;migrate' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'callhook;fields' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'callhook;listen' {
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'The address to listen on; a port of 0 picks a free one (the address is printed on stderr). Loopback by default: expose it through a tunnel')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'The capture log: appended to, created if missing, locked while listening')
            [CompletionResult]::new('--durability', '--durability', [CompletionResultType]::ParameterName, 'When a request counts as stored: `write` once the kernel has it (survives the process being killed), `fsync` once it is on disk (survives a power loss; one fdatasync covers many requests)')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'The largest body taken; larger ones get 413 (`1MiB`, `512KiB`, `2000`)')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'How long a client may take to send a request''s headers before it is cut off')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'The most connections open at once; more wait to be accepted')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Forward each request to this app (`http://host:port/base`): the request''s path and query go after the base path')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, '`ack` answers 200 once stored and forwards afterwards; `proxy` waits for the app and returns its answer (needs --forward-to)')
            [CompletionResult]::new('--ack-timeout', '--ack-timeout', [CompletionResultType]::ParameterName, 'In proxy mode, how long the sender waits for the app before getting 504')
            [CompletionResult]::new('--forward-timeout', '--forward-timeout', [CompletionResultType]::ParameterName, 'How long one forward attempt may take')
            [CompletionResult]::new('--forward-concurrency', '--forward-concurrency', [CompletionResultType]::ParameterName, 'The most forwards under way at once, across calls')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'The wait before the first retry of a failed forward; it doubles each time')
            [CompletionResult]::new('--retry-max-delay', '--retry-max-delay', [CompletionResultType]::ParameterName, 'The longest wait between retries')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a request this long after it was received')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format. `ndjson` writes one decoded record per line to stdout (decode''s schema, with a `listen` member) and all status to stderr')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format. `ndjson` writes one decoded record per line to stdout (decode''s schema, with a `listen` member) and all status to stderr')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Check each request against this webhook configuration, v1 or v2 (headers, credentials or API key, parameters, the event subscribed to), as `decode --config` does, and flag mismatches on its line')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'On Ctrl-C, how long requests in flight and forwards under way may take to finish')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--show-response', '--show-response', [CompletionResultType]::ParameterName, 'Show the start of the app''s answer on each request''s line')
            [CompletionResult]::new('--enforce-auth', '--enforce-auth', [CompletionResultType]::ParameterName, 'Answer 401 to a request that lacks the configured headers, credentials or API key (it is still logged, and not forwarded). Needs --config')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'callhook;send' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send: `http://host:port/base`; each request''s path and query go after the base path. Needed unless --dry-run')
            [CompletionResult]::new('--call', '--call', [CompletionResultType]::ParameterName, 'Replay only this call''s requests (repeatable): its uid, `_pm[ui]` or v2 session id')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Read every capture as this format instead of detecting it')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Change a field of each request''s call log, in its own transport (form field, query string or JSON body): `call_state=6`, `_ld[0]._ds=NOANSWER`, `payload.status=missed`; `PATH:=JSON` for a JSON value, unchecked. A path no request has, or a value its field cannot take, stops the run (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Simulate this webhook configuration (v1 or v2, as `validate` reads it); it is checked first, and errors stop the run')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'The call to simulate: a built-in flow''s name, or a flow file (`.toml` or `.json`)')
            [CompletionResult]::new('--calls', '--calls', [CompletionResultType]::ParameterName, 'How many calls of the flow to simulate, each with its own ids')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Make ids, numbers and times from this seed: the same seed, the same requests. Without it, calls start now and ids are new each run')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Re-send a request that gets no 2xx, or no answer within --timeout, on one of MyOperator''s documented schedules')
            [CompletionResult]::new('--time-scale', '--time-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this (`0.001` runs a day''s schedule in 86 s)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long a request may take before it counts as failed (MyOperator''s v1 documents 5 s)')
            [CompletionResult]::new('--duplicate', '--duplicate', [CompletionResultType]::ParameterName, 'Deliver this share of requests twice, as a retry would (`0.1`, `10%`)')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'With --preserve-timing, go this many times faster (`10x`, `10`)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Send at this fixed rate, whatever the answers (`50/s`, `600/min`): an open loop, latency counted from when each request was due')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most requests under way at once, across calls')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format. `http` and `curl` go with --dry-run; `ndjson` writes one JSON object per line (a dry run''s requests, or `plan`, `planted`, `attempt` and `summary` records)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format. `http` and `curl` go with --dry-run; `ndjson` writes one JSON object per line (a dry run''s requests, or `plan`, `planted`, `attempt` and `summary` records)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--only-failed', '--only-failed', [CompletionResultType]::ParameterName, 'Replay only the requests of a `listen` log that no forward delivered')
            [CompletionResult]::new('--disorder', '--disorder', [CompletionResultType]::ParameterName, 'Deliver each call''s requests in a shuffled order; what was planted is printed')
            [CompletionResult]::new('--preserve-timing', '--preserve-timing', [CompletionResultType]::ParameterName, 'Wait the original gaps between requests (received times of the capture, the flow''s gaps)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Write the requests instead of sending them (`--format http` or `curl`)')
            [CompletionResult]::new('--show-response', '--show-response', [CompletionResultType]::ParameterName, 'Show the start of each answer''s body on its line')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No line per request: what is planted and the summary only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No line per request: what is planted and the summary only')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'callhook;browse' {
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Read every record as this format instead of detecting it')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output. `auto` colours only when stdout is a terminal, and then a non-empty NO_COLOR turns colour off and a non-empty CLICOLOR_FORCE on')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times at this UTC offset (`+05:30`, `-03:00`, `Z`) instead of UTC; or a zone without daylight saving time by name: `IST` (India, +05:30), `Asia/Kolkata`, `Asia/Dubai`, `Asia/Singapore`, `UTC`...')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep reading the files as they grow (a `callhook listen` log), adding calls and events as they are appended; the selection stays where it is')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and secret-looking values instead of `<redacted>`')
            [CompletionResult]::new('--mask-pii', '--mask-pii', [CompletionResultType]::ParameterName, 'Mask phone numbers everywhere they appear (keeps the country code and the last four digits: `+91******6496`), for output pasted into tickets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'callhook;help' {
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show every field of captured webhook requests, with its meaning')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'Show each call''s states in the order they happened and arrived, and what is wrong')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check webhook configurations before saving them, with errors placed like a compiler''s')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Write the Webhook v2 configuration that does a v1 configuration''s job')
            [CompletionResult]::new('fields', 'fields', [CompletionResultType]::ParameterValue, 'Explain call-log fields, codes and dropdown labels, v1 and Webhook v2')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks live, keep every one in a log, decode them as they arrive, and forward them to your app')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send captured requests again, or the requests a webhook configuration would send for a call, to your app: with edits, MyOperator''s retries, disorder and duplicates')
            [CompletionResult]::new('browse', 'browse', [CompletionResultType]::ParameterValue, 'Browse calls interactively: the call list, a call''s ladder, each event decoded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'callhook;help;decode' {
            break
        }
        'callhook;help;timeline' {
            break
        }
        'callhook;help;validate' {
            break
        }
        'callhook;help;migrate' {
            break
        }
        'callhook;help;fields' {
            break
        }
        'callhook;help;listen' {
            break
        }
        'callhook;help;send' {
            break
        }
        'callhook;help;browse' {
            break
        }
        'callhook;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
