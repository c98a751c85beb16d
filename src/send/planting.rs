//! `--disorder` and `--duplicate RATE`: deliveries out of order and delivered twice,
//! planted in a plan of requests, and what was planted said in the terms
//! `callhook timeline` reports it: one `out-of-order-delivery` for each event that
//! arrives after an event of its call that happened later, one
//! `duplicate-delivery` for each repeat.
//!
//! The requests of each call come in the order their events happened. Disorder
//! shuffles each call's requests among the places the call had in the plan (so
//! calls still interleave as they did); a duplicate is a copy of a request sent
//! right after it, as a retry is, the same bytes (so the same `event_id` on v2).
//!
//! One event can go to several webhooks of a configuration (two v2 webhooks that
//! both subscribe to `call.end`): the same event, at the same time, in as many
//! requests. Captured in one place (`--to` one listener) `timeline` sees one event
//! that arrived with its first copy and repeats of it (the same content under
//! another `event_id`), so that is what the report says: a `duplicate-delivery` for
//! each further copy, and out-of-order arrival judged event by event, not copy by
//! copy.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::ids::Random;
use super::request::OutboundRequest;
use crate::timeline::anomaly::AnomalyId;

/// One anomaly planted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    pub id: AnomalyId,
    pub call: String,
    /// The event it concerns (`state 5`, `call.answered`).
    pub event: String,
    pub message: String,
}

/// A request of the plan, with what the report says of its planting.
#[derive(Debug, Clone)]
pub struct Planned {
    pub request: OutboundRequest,
    /// `Some(n)`: a repeat of the plan's `n`-th request (1-based).
    pub duplicate_of: Option<usize>,
}

/// Plants disorder and duplicates; the plan, and what was planted.
pub fn plant(
    requests: Vec<OutboundRequest>,
    disorder: bool,
    duplicate_rate: f64,
    random: &mut Random,
) -> (Vec<Planned>, Vec<Planted>) {
    let mut planted = Vec::new();
    let mut requests = requests;
    // Before the shuffle, which moves requests to other times.
    copies_to_other_webhooks(&requests, &mut planted);
    if disorder {
        shuffle_calls(&mut requests, random, &mut planted);
    }
    let mut plan = Vec::with_capacity(requests.len());
    for request in requests {
        let copy = (duplicate_rate > 0.0 && random.chance(duplicate_rate)).then(|| request.clone());
        plan.push(Planned {
            request,
            duplicate_of: None,
        });
        if let Some(copy) = copy {
            let original = plan.len();
            if let Some(call) = &copy.label.call {
                planted.push(Planted {
                    id: AnomalyId::DuplicateDelivery,
                    call: call.clone(),
                    event: copy.label.event.clone(),
                    message: format!(
                        "{} is delivered twice, as a retry would be (#{original} again)",
                        copy.label.event
                    ),
                });
            }
            plan.push(Planned {
                request: copy,
                duplicate_of: Some(original),
            });
        }
    }
    (plan, planted)
}

/// Shuffles each call's requests among its places, at least one call's order
/// changed where a call has two or more.
fn shuffle_calls(requests: &mut [OutboundRequest], random: &mut Random, planted: &mut Vec<Planted>) {
    // Calls in the order they first appear (the shuffles draw from `random` in that
    // order), found through an index: one pass, for the load generator's many calls.
    let mut calls: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, r) in requests.iter().enumerate() {
        let Some(call) = &r.label.call else { continue };
        match index.get(call.as_str()) {
            Some(&c) => calls[c].1.push(i),
            None => {
                index.insert(call, calls.len());
                calls.push((call.clone(), vec![i]));
            }
        }
    }
    drop(index);
    for (call, places) in calls {
        if places.len() < 2 {
            continue;
        }
        // order[k]: which of the call's events (in event order) arrives k-th.
        let mut order: Vec<usize> = (0..places.len()).collect();
        while order.iter().enumerate().all(|(k, &e)| k == e) {
            for k in (1..order.len()).rev() {
                let j = random.below(k as u64 + 1) as usize;
                order.swap(k, j);
            }
        }
        let originals: Vec<OutboundRequest> = places.iter().map(|&p| requests[p].clone()).collect();
        let times: Vec<_> = places.iter().map(|&p| requests[p].at).collect();
        for (k, &event) in order.iter().enumerate() {
            let mut moved = originals[event].clone();
            // Sent at the time of the place it takes, so the plan stays in time order.
            moved.at = times[k];
            requests[places[k]] = moved;
        }
        // An event arrives with its first copy; it is out of order when an event
        // that happened later arrived first.
        let arrival: Vec<usize> = (0..order.len())
            .map(|e| order.iter().position(|&x| x == e).unwrap_or(0))
            .collect();
        let mut events: Vec<(usize, usize)> = Vec::new();
        for e in 0..order.len() {
            match events
                .iter_mut()
                .find(|(first, _)| same_event(&originals[*first], &originals[e]))
            {
                Some((_, arrived)) => *arrived = (*arrived).min(arrival[e]),
                None => events.push((e, arrival[e])),
            }
        }
        for (i, &(e, arrived)) in events.iter().enumerate() {
            if let Some(&(later, _)) = events[i + 1..]
                .iter()
                .filter(|(_, a)| *a < arrived)
                .min_by_key(|(_, a)| *a)
            {
                planted.push(Planted {
                    id: AnomalyId::OutOfOrderDelivery,
                    call: call.clone(),
                    event: originals[e].label.event.clone(),
                    message: format!(
                        "{}{} arrives after {}{}, which happened later",
                        originals[e].label.event,
                        clock(&originals[e]),
                        originals[later].label.event,
                        clock(&originals[later])
                    ),
                });
            }
        }
    }
}

/// Whether two requests of a call carry one event (to two webhooks): the same
/// event at the same moment.
fn same_event(a: &OutboundRequest, b: &OutboundRequest) -> bool {
    a.label.call == b.label.call && a.label.event == b.label.event && a.at == b.at
}

/// A `duplicate-delivery` for each request that carries an event an earlier
/// request already carried to another webhook.
fn copies_to_other_webhooks(requests: &[OutboundRequest], planted: &mut Vec<Planted>) {
    // The first request of each event, by what `same_event` compares: one pass, for
    // the load generator's hundreds of thousands of requests.
    let mut firsts: HashMap<(&str, &str, Option<DateTime<Utc>>), &OutboundRequest> = HashMap::new();
    for r in requests {
        let Some(call) = &r.label.call else {
            continue;
        };
        let first = *firsts.entry((call.as_str(), r.label.event.as_str(), r.at)).or_insert(r);
        if std::ptr::eq(first, r) {
            continue;
        }
        planted.push(Planted {
            id: AnomalyId::DuplicateDelivery,
            call: call.clone(),
            event: r.label.event.clone(),
            message: format!(
                "{} goes to {} as well as to {}: captured in one place, it arrives twice",
                r.label.event, r.label.origin, first.label.origin
            ),
        });
    }
}

/// ` (10:00:02)`: when a request was to be sent, where the plan says.
fn clock(r: &OutboundRequest) -> String {
    r.at.map(|t| t.format(" (%H:%M:%S)").to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::send::request::Label;

    fn requests(calls: &[(&str, usize)]) -> Vec<OutboundRequest> {
        let mut out = Vec::new();
        for &(call, n) in calls {
            for i in 0..n {
                out.push(OutboundRequest {
                    method: "POST".into(),
                    target: "/".into(),
                    host: None,
                    headers: Vec::new(),
                    body: format!("{call}-{i}").into_bytes(),
                    label: Label {
                        call: Some(call.into()),
                        event: format!("state {i}"),
                        origin: String::new(),
                    },
                    at: None,
                    ..OutboundRequest::default()
                });
            }
        }
        out
    }

    #[test]
    fn disorder_reorders_every_call_and_says_which_events_arrive_late() {
        for seed in 0..50 {
            let (plan, planted) = plant(
                requests(&[("a", 4), ("b", 2), ("c", 1)]),
                true,
                0.0,
                &mut Random::new(seed),
            );
            assert_eq!(plan.len(), 7);
            for call in ["a", "b"] {
                let bodies: Vec<String> = plan
                    .iter()
                    .filter(|p| p.request.label.call.as_deref() == Some(call))
                    .map(|p| String::from_utf8(p.request.body.clone()).unwrap())
                    .collect();
                let mut sorted = bodies.clone();
                sorted.sort();
                assert_ne!(bodies, sorted, "seed {seed}: call {call} kept its order");
                // The planted events are exactly those some later event overtook.
                let index = |b: &String| b.rsplit('-').next().unwrap().parse::<usize>().unwrap();
                let n = bodies.len();
                let pos = |e: usize| bodies.iter().position(|b| index(b) == e).unwrap();
                let late: Vec<usize> = (0..n).filter(|&e| (e + 1..n).any(|l| pos(l) < pos(e))).collect();
                let mut said: Vec<usize> = planted
                    .iter()
                    .filter(|p| p.call == call)
                    .map(|p| p.event.trim_start_matches("state ").parse().unwrap())
                    .collect();
                said.sort_unstable();
                assert_eq!(said, late, "seed {seed} {bodies:?}");
            }
            assert!(
                planted
                    .iter()
                    .all(|p| p.id == AnomalyId::OutOfOrderDelivery && p.call != "c")
            );
        }
    }

    #[test]
    fn duplicates_follow_their_original_at_about_the_rate() {
        let (plan, planted) = plant(requests(&[("a", 1000)]), false, 0.2, &mut Random::new(3));
        let copies: Vec<&Planned> = plan.iter().filter(|p| p.duplicate_of.is_some()).collect();
        assert_eq!(copies.len(), planted.len());
        assert!((150..250).contains(&copies.len()), "{}", copies.len());
        for (i, p) in plan.iter().enumerate() {
            if let Some(n) = p.duplicate_of {
                assert_eq!(n, i, "right after its original");
                assert_eq!(plan[n - 1].request, p.request);
            }
        }
        let (plan, planted) = plant(requests(&[("a", 10)]), false, 0.0, &mut Random::new(3));
        assert_eq!((plan.len(), planted.len()), (10, 0));
    }

    #[test]
    fn one_event_to_two_webhooks_is_one_event_and_one_repeat() {
        // Call "a": states 0, 1, 2, with state 1 sent to a second webhook too.
        let mut requests = requests(&[("a", 3)]);
        for (i, r) in requests.iter_mut().enumerate() {
            r.at = DateTime::from_timestamp(1_700_000_000 + i as i64, 0);
        }
        let mut copy = requests[1].clone();
        copy.label.origin = "webhook 2".into();
        copy.body = b"a-1 for webhook 2".to_vec();
        requests.insert(2, copy);
        let (plan, planted) = plant(requests.clone(), false, 0.0, &mut Random::new(1));
        assert_eq!(plan.len(), 4);
        assert_eq!(planted.len(), 1, "{planted:?}");
        assert_eq!(planted[0].id, AnomalyId::DuplicateDelivery);
        assert_eq!(planted[0].event, "state 1");
        assert!(planted[0].message.contains("webhook 2"), "{}", planted[0].message);
        // Shuffled: the copies are never out of order with each other, and an event
        // is late by its first copy.
        for seed in 0..50 {
            let (plan, planted) = plant(requests.clone(), true, 0.0, &mut Random::new(seed));
            let order: Vec<String> = plan
                .iter()
                .map(|p| String::from_utf8(p.request.body.clone()).unwrap())
                .collect();
            let first = |state: &str| order.iter().position(|b| b.starts_with(state)).unwrap();
            let mut late: Vec<&str> = ["a-0", "a-1", "a-2"]
                .into_iter()
                .enumerate()
                .filter(|&(e, s)| ["a-0", "a-1", "a-2"][e + 1..].iter().any(|l| first(l) < first(s)))
                .map(|(_, s)| s)
                .collect();
            late.sort_unstable();
            let mut said: Vec<String> = planted
                .iter()
                .filter(|p| p.id == AnomalyId::OutOfOrderDelivery)
                .map(|p| p.event.replace("state ", "a-"))
                .collect();
            said.sort_unstable();
            assert_eq!(said, late, "seed {seed}: {order:?}");
            assert_eq!(
                planted.iter().filter(|p| p.id == AnomalyId::DuplicateDelivery).count(),
                1
            );
        }
    }
}
