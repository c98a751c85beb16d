//! MyOperator's delivery schedules: when a delivery that got no 2xx (or no answer
//! within the timeout) is tried again. Each is a documented policy, and the pages
//! disagree, so the user picks one:
//!
//! - `once-3s`: "The system retries once after 3 seconds on failure" (the v2 setup
//!   article, one version of it);
//! - `exponential`: "retry automatically for up to 24 hours on an exponential
//!   back-off schedule (starts at 30 s, doubles each time, capped at 2 h; max 26
//!   attempts)" (the same article, its other version). As written it cannot hold:
//!   30, 60, ... 3840 s then 7200 s apart, only 19 attempts fit in 24 hours, and
//!   the 26th would come about 36.1 hours after the first. callhook stops at
//!   whichever limit comes first, so 19 attempts in practice;
//! - `3x30s`: "retries 3× at 30-second intervals; after that, the event is
//!   dropped" (the v1 calling-webhooks article);
//! - `none`: one attempt.
//!
//! `--time-scale` multiplies every wait, so a test can run a day's schedule in
//! seconds.

use std::time::Duration;

/// A documented retry policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RetryPolicy {
    /// One attempt.
    None,
    /// One retry, 3 s after the first attempt (Webhook v2 setup article, one version).
    #[value(name = "once-3s")]
    Once3s,
    /// 30 s, doubling, capped at 2 h; at most 26 attempts, within 24 h (the article's
    /// other version; 19 attempts fit).
    Exponential,
    /// Three retries 30 s apart (v1 calling webhooks).
    #[value(name = "3x30s")]
    ThreeTimes30s,
}

impl RetryPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Once3s => "once-3s",
            Self::Exponential => "exponential",
            Self::ThreeTimes30s => "3x30s",
        }
    }

    /// The most attempts the policy makes, the first included.
    pub fn max_attempts(self) -> u32 {
        match self {
            Self::None => 1,
            Self::Once3s => 2,
            Self::Exponential => 26,
            Self::ThreeTimes30s => 4,
        }
    }

    /// How long after the first attempt no attempt is made any more.
    pub fn window(self) -> Option<Duration> {
        match self {
            Self::Exponential => Some(Duration::from_secs(24 * 3600)),
            _ => None,
        }
    }

    /// The wait, as documented, between attempt `attempt` (1 for the first) failing
    /// and the next one.
    fn wait_after(self, attempt: u32) -> Duration {
        match self {
            Self::None => Duration::ZERO,
            Self::Once3s => Duration::from_secs(3),
            Self::ThreeTimes30s => Duration::from_secs(30),
            Self::Exponential => {
                let doubled = 30u64.saturating_mul(1u64 << attempt.saturating_sub(1).min(20));
                Duration::from_secs(doubled.min(7200))
            }
        }
    }
}

/// A policy at a time scale: when each attempt is due, counted from the first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    pub policy: RetryPolicy,
    /// Every wait is multiplied by this.
    pub scale: f64,
}

impl Schedule {
    /// When attempt `attempt + 1` is due, after the first attempt, as documented
    /// (unscaled); `None` when attempt `attempt` was the last.
    pub fn documented_offset(&self, attempt: u32) -> Option<Duration> {
        if attempt >= self.policy.max_attempts() {
            return None;
        }
        let offset: Duration = (1..=attempt).map(|a| self.policy.wait_after(a)).sum();
        match self.policy.window() {
            Some(window) if offset > window => None,
            _ => Some(offset),
        }
    }

    /// How long to wait after attempt `attempt` (1 for the first) failed before the
    /// next, scaled; `None` when it was the last.
    pub fn wait_after(&self, attempt: u32) -> Option<Duration> {
        self.documented_offset(attempt)?;
        let wait = self.policy.wait_after(attempt).as_secs_f64() * self.scale;
        Some(Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every attempt's documented offset from the first: the whole schedule.
    fn offsets(policy: RetryPolicy) -> Vec<u64> {
        let s = Schedule { policy, scale: 1.0 };
        std::iter::once(0)
            .chain((1..).map_while(|a| s.documented_offset(a)).map(|d| d.as_secs()))
            .collect()
    }

    #[test]
    fn each_policy_as_documented() {
        assert_eq!(offsets(RetryPolicy::None), [0]);
        assert_eq!(offsets(RetryPolicy::Once3s), [0, 3]);
        assert_eq!(offsets(RetryPolicy::ThreeTimes30s), [0, 30, 60, 90]);
        let exp = offsets(RetryPolicy::Exponential);
        assert_eq!(&exp[..10], [0, 30, 90, 210, 450, 930, 1890, 3810, 7650, 14850]);
    }

    #[test]
    fn the_exponential_policy_cannot_make_26_attempts_in_24_hours() {
        let exp = offsets(RetryPolicy::Exponential);
        assert_eq!(exp.len(), 19, "19 attempts fit in a day");
        assert_eq!(exp[18], 79_650);
        // The 26th attempt, were the window not there: 36.1 hours after the first.
        let unbounded: u64 = (1..26).map(|a| RetryPolicy::Exponential.wait_after(a).as_secs()).sum();
        assert_eq!(unbounded, 130_050);
    }

    #[test]
    fn time_scale_multiplies_every_wait() {
        let s = Schedule {
            policy: RetryPolicy::ThreeTimes30s,
            scale: 0.01,
        };
        assert_eq!(s.wait_after(1), Some(Duration::from_millis(300)));
        assert_eq!(s.wait_after(4), None);
        let exp = Schedule {
            policy: RetryPolicy::Exponential,
            scale: 1.0,
        };
        assert_eq!(exp.wait_after(3), Some(Duration::from_secs(120)));
        assert_eq!(exp.wait_after(18), Some(Duration::from_secs(7200)));
        assert_eq!(exp.wait_after(19), None, "the 20th attempt would fall past 24 hours");
    }
}
