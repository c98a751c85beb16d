//! A call flow: what happens in one call, state by state, for the simulator to turn
//! into the requests a configuration sends. The built-in flows are flow files too
//! (`src/send/flows/*.toml`), read by the same code as a user's.
//!
//! A flow file is TOML or JSON (`docs/send.md` documents it):
//!
//! ```toml
//! name = "agent-hunt"
//! type = "incoming"            # incoming | obd | click-to-call
//! log_criteria = "call_logs"   # or mobile_logs: the webhooks that receive it
//! caller = "+919711636496"     # optional; made up from --seed otherwise
//! agents = ["+918586848544"]   # optional; as many as the steps name
//!
//! [[steps]]
//! state = 1                    # or event = "call.initiated"
//! [[steps]]
//! state = 5
//! after = "2s"                 # since the step before
//! agent = 1                    # which agent is dialled (1-based)
//! dial_status = "BUSY"         # that leg's _ds; ANSWER when it answers, else NOANSWER
//!
//! [in_call]                    # fields of every In-Call log, as --set takes them
//! rdnis = "911140000000"
//! [after_call]                 # fields of the After-Call log
//! _dn = "Support"
//! [v2]                         # fields of every v2 event
//! "payload.category" = "callback"
//! ```

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::edit::Edit;
use crate::settings::parse_duration;
use crate::vocabulary::call_states::{CallType, flow_of};
use crate::vocabulary::counterparts::counterpart;
use crate::vocabulary::lookup::nearest;

/// The built-in flows, in the order `--help` lists them.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("answered-incoming", include_str!("flows/answered-incoming.toml")),
    ("missed-incoming", include_str!("flows/missed-incoming.toml")),
    ("agent-hunt", include_str!("flows/agent-hunt.toml")),
    ("obd-answered", include_str!("flows/obd-answered.toml")),
    ("obd-not-answered", include_str!("flows/obd-not-answered.toml")),
    (
        "click-to-call-rejected",
        include_str!("flows/click-to-call-rejected.toml"),
    ),
];

/// A checked flow.
#[derive(Debug, Clone)]
pub struct Flow {
    pub name: String,
    pub call_type: CallType,
    pub mobile: bool,
    pub caller: Option<String>,
    /// The agents' numbers where the file gives them; one entry per agent.
    pub agents: Vec<Option<String>>,
    pub steps: Vec<Step>,
    pub in_call: Vec<Edit>,
    pub after_call: Vec<Edit>,
    pub v2: Vec<Edit>,
}

/// One In-Call state of the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub state: i64,
    /// Since the call started.
    pub at: Duration,
    /// Which agent (0-based) the state concerns.
    pub agent: Option<usize>,
    pub dial_status: Option<String>,
}

impl Flow {
    /// Whether an agent answered (state 6).
    pub fn answered(&self) -> bool {
        self.steps.iter().any(|s| s.state == 6)
    }

    /// When the call ends, since its start.
    pub fn end_time(&self) -> Duration {
        self.steps.last().map_or(Duration::ZERO, |s| s.at)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowFile {
    name: Option<String>,
    #[serde(rename = "type")]
    call_type: String,
    log_criteria: Option<String>,
    caller: Option<String>,
    #[serde(default)]
    agents: Vec<String>,
    steps: Vec<StepFile>,
    #[serde(default)]
    in_call: serde_json::Map<String, Value>,
    #[serde(default)]
    after_call: serde_json::Map<String, Value>,
    #[serde(default)]
    v2: serde_json::Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    state: Option<i64>,
    event: Option<String>,
    after: Option<Value>,
    agent: Option<usize>,
    dial_status: Option<String>,
}

/// A built-in flow by name, or what the names are.
pub fn built_in(name: &str) -> Result<Flow, String> {
    match BUILT_IN.iter().find(|(n, _)| *n == name) {
        Some((n, text)) => parse(text, true, &format!("the built-in flow {n}")),
        None => {
            let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            let near = nearest(name, names.iter().copied(), 0.7);
            Err(format!(
                "no built-in flow is called `{name}`{}; the built-in flows are {}, or give a flow file (`--flow my-flow.toml`)",
                near.map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default(),
                names.join(", ")
            ))
        }
    }
}

/// A flow file's text, TOML or JSON; `origin` names it in messages.
pub fn parse(text: &str, toml_text: bool, origin: &str) -> Result<Flow, String> {
    let file: FlowFile = if toml_text {
        toml::from_str(text).map_err(|e| format!("{origin}: {}", e.to_string().trim_end()))?
    } else {
        serde_json::from_str(text).map_err(|e| format!("{origin}: {e}"))?
    };
    check(file, origin)
}

fn check(file: FlowFile, origin: &str) -> Result<Flow, String> {
    let call_type = match file.call_type.to_ascii_lowercase().replace(['_', ' '], "-").as_str() {
        "incoming" => CallType::Incoming,
        "obd" | "outbound" => CallType::Obd,
        "click-to-call" | "clicktocall" => CallType::ClickToCall,
        other => {
            return Err(format!(
                "{origin}: `type` is `{other}`; a flow is `incoming`, `obd` or `click-to-call`"
            ));
        }
    };
    let mobile = match file.log_criteria.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("call_logs" | "call logs") => false,
        Some("mobile_logs" | "mobile logs") => true,
        Some(other) => {
            return Err(format!(
                "{origin}: `log_criteria` is `{other}`; it is `call_logs` or `mobile_logs`"
            ));
        }
    };
    if file.steps.is_empty() {
        return Err(format!("{origin}: `steps` is empty; a flow has at least one state"));
    }
    let answered = file
        .steps
        .iter()
        .any(|s| s.state == Some(6) || s.event.as_deref() == Some("call.answered"));
    let mut steps = Vec::new();
    let mut at = Duration::ZERO;
    let mut agents = 0;
    for (i, s) in file.steps.iter().enumerate() {
        let place = format!("{origin}: steps[{i}]");
        let state = match (s.state, s.event.as_deref()) {
            (Some(state), None) => state,
            (None, Some(event)) => state_of_event(event, call_type, answered).map_err(|m| format!("{place}: {m}"))?,
            (Some(_), Some(_)) => return Err(format!("{place}: give `state` or `event`, not both")),
            (None, None) => {
                return Err(format!(
                    "{place}: give the step's `state` (1-7, 9) or `event` (`call.answered`)"
                ));
            }
        };
        let Some(flow) = flow_of(state) else {
            return Err(format!(
                "{place}: state {state} is not documented (the states are 1-7 and 9); to send it on purpose, use a documented one here and `--set call_state:={state}`"
            ));
        };
        if !flow.call_types.contains(&call_type) {
            let types: Vec<&str> = flow.call_types.iter().map(|t| t.as_str()).collect();
            return Err(format!(
                "{place}: state {state} ({}) belongs to {} calls, and this flow is {}",
                flow.label(),
                types.join(" and "),
                call_type.as_str()
            ));
        }
        if i > 0 {
            let after = match &s.after {
                None => Duration::from_secs(1),
                Some(Value::Number(n)) => n
                    .as_f64()
                    .and_then(|f| Duration::try_from_secs_f64(f).ok())
                    .ok_or_else(|| format!("{place}: `after` must be a duration such as \"2s\""))?,
                Some(Value::String(text)) => parse_duration(text).map_err(|m| format!("{place}: `after`: {m}"))?,
                Some(_) => return Err(format!("{place}: `after` must be a duration such as \"2s\"")),
            };
            at += after;
        }
        if let Some(agent) = s.agent {
            if agent == 0 {
                return Err(format!("{place}: agents are numbered from 1"));
            }
            agents = agents.max(agent);
        }
        if let Some(status) = &s.dial_status
            && (status.is_empty() || status.contains(|c: char| c.is_control()))
        {
            return Err(format!("{place}: `dial_status` is empty or has control characters"));
        }
        steps.push(Step {
            state,
            at,
            agent: s.agent.map(|a| a - 1),
            dial_status: s.dial_status.clone(),
        });
    }
    agents = agents.max(file.agents.len()).max(1);
    let edits = |map: &serde_json::Map<String, Value>, table: &str| -> Result<Vec<Edit>, String> {
        map.iter()
            .map(|(path, value)| {
                let arg = match value {
                    Value::String(text) => format!("{path}={text}"),
                    other => format!("{path}:={other}"),
                };
                Edit::parse(&arg).map_err(|e| format!("{origin}: [{table}] {}", e.message.trim_start_matches("--set ")))
            })
            .collect()
    };
    Ok(Flow {
        name: file.name.unwrap_or_else(|| origin.to_owned()),
        call_type,
        mobile,
        caller: file.caller,
        agents: (0..agents).map(|i| file.agents.get(i).cloned()).collect(),
        in_call: edits(&file.in_call, "in_call")?,
        after_call: edits(&file.after_call, "after_call")?,
        v2: edits(&file.v2, "v2")?,
        steps,
    })
}

/// The In-Call state a v2 call event stands for, in a flow of this type.
fn state_of_event(event: &str, call_type: CallType, answered: bool) -> Result<i64, String> {
    let states: Vec<i64> = counterpart("call_state")
        .map(|c| c.values)
        .unwrap_or_default()
        .iter()
        .filter(|(_, e)| *e == event)
        .filter_map(|(s, _)| s.parse().ok())
        .filter(|&s| flow_of(s).is_some_and(|f| f.call_types.contains(&call_type)))
        .collect();
    match states.as_slice() {
        [one] => Ok(*one),
        [] if event == "call.summary" => Err("`call.summary` follows every call's end by itself; leave it out".into()),
        [] => Err(format!(
            "`{event}` is not a call event of {} calls that a state stands for (call.initiated, call.dial_begin, call.answered, call.end)",
            call_type.as_str()
        )),
        _ if event == "call.end" && call_type == CallType::Obd => Ok(if answered { 2 } else { 4 }),
        many => Err(format!(
            "`{event}` is state {} in {} calls: write `state` instead",
            many.iter().map(i64::to_string).collect::<Vec<_>>().join(" or "),
            call_type.as_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_flow_reads() {
        for (name, _) in BUILT_IN {
            let flow = built_in(name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(flow.name, *name);
            assert!(flow_of(flow.steps.last().unwrap().state).unwrap().ends_call(), "{name}");
        }
        assert!(built_in("agent-hunt").unwrap().answered());
        assert!(!built_in("missed-incoming").unwrap().answered());
        let hunt = built_in("agent-hunt").unwrap();
        assert_eq!(hunt.agents.len(), 2);
        assert_eq!(hunt.steps[1].dial_status.as_deref(), Some("BUSY"));
        assert_eq!(hunt.end_time(), Duration::from_secs(60));
    }

    #[test]
    fn a_near_name_is_suggested() {
        let e = built_in("answered-inbound").unwrap_err();
        assert!(e.contains("did you mean `answered-incoming`"), "{e}");
    }

    #[test]
    fn events_stand_for_states_and_json_reads_like_toml() {
        let json = r#"{"type":"obd","steps":[{"event":"call.initiated"},{"event":"call.end","after":30}]}"#;
        let flow = parse(json, false, "f.json").unwrap();
        assert_eq!(flow.steps.iter().map(|s| s.state).collect::<Vec<_>>(), [1, 4]);
        assert_eq!(flow.steps[1].at, Duration::from_secs(30));
    }

    #[test]
    fn mistakes_name_the_step() {
        let cases = [
            (
                r#"type = "incoming"
steps = [{ state = 3 }]"#,
                "steps[0]: state 3 (call initiated by user to customer) belongs to click to call calls",
            ),
            (
                r#"type = "incoming"
steps = [{ state = 8 }]"#,
                "state 8 is not documented",
            ),
            (
                r#"type = "sms"
steps = [{ state = 1 }]"#,
                "`type` is `sms`",
            ),
            (
                r#"type = "incoming"
steps = []"#,
                "`steps` is empty",
            ),
            (
                r#"type = "incoming"
steps = [{ state = 1 }, { state = 2, after = "soon" }]"#,
                "steps[1]: `after`",
            ),
            (
                r#"type = "click-to-call"
steps = [{ event = "call.end" }]"#,
                "state 7 or 9",
            ),
            (
                r#"type = "incoming"
steps = [{ state = 1, colour = "red" }]"#,
                "unknown field `colour`",
            ),
            (
                r#"type = "incoming"
steps = [{ state = 1 }]
[after_call]
"_ld[" = "x""#,
                "[after_call]",
            ),
        ];
        for (text, expected) in cases {
            let e = parse(text, true, "f.toml").unwrap_err();
            assert!(e.contains(expected), "{e}\n wanted {expected}");
            assert!(e.starts_with("f.toml"), "{e}");
        }
    }
}
