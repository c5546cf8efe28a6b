//! [`Skew`]: the server's clock, as estimated from the `Date` headers of its
//! responses, against which `X-RateLimit-Reset` is read.

use jiff::Timestamp;

/// An HTTP date has whole seconds: the server's clock read somewhere in the
/// second it names.
const DATE_RESOLUTION_NANOS: i128 = 1_000_000_000;

/// The offset of the server's clock from the local one, narrowed down by
/// the `Date` headers of responses.
///
/// A response whose `Date` says `D` (whole seconds) was written when the
/// server's clock read between `D` and `D + 1 s`, after the request was sent
/// and before its answer arrived; so the offset lies in
/// `[D - received, D + 1 s - sent]`. Successive answers narrow the range
/// (one that does not fit, after a clock step, starts it anew). The estimate
/// is zero, trusting the local clock, while zero is in the range, and the
/// nearest end of the range otherwise: a server clock two minutes ahead is
/// corrected to within the range's width (at most a second).
#[derive(Debug, Default)]
pub(super) struct Skew {
    /// Nanoseconds, server minus local.
    range: Option<(i128, i128)>,
}

impl Skew {
    /// Narrows the range with the `Date` of a response to a request sent
    /// and answered at these local times.
    pub(super) fn sample(&mut self, date: Timestamp, sent: Timestamp, received: Timestamp) {
        let low = date.as_nanosecond() - received.as_nanosecond();
        let high = date.as_nanosecond() + DATE_RESOLUTION_NANOS - sent.as_nanosecond();
        if low > high {
            return;
        }
        self.range = Some(match self.range {
            Some((a, b)) if low.max(a) <= high.min(b) => (low.max(a), high.min(b)),
            _ => (low, high),
        });
    }

    fn offset(&self) -> i128 {
        self.range.map_or(0, |(low, high)| 0.clamp(low, high))
    }

    /// The server's time at local time `wall`.
    pub(super) fn server_time(&self, wall: Timestamp) -> Timestamp {
        Timestamp::from_nanosecond(wall.as_nanosecond().saturating_add(self.offset()))
            .unwrap_or(wall)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::rate_limit::RateLimitConfig;
    use crate::rate_limit::bucket::Known;
    use crate::rate_limit::tests::info;

    #[test]
    fn the_server_clock_is_estimated_from_date_headers() {
        let wall = Timestamp::from_second(1_800_000_000).unwrap();
        let at = |seconds: f64| wall + jiff::SignedDuration::from_secs_f64(seconds);
        let mut skew = Skew::default();
        // No sample: the local clock.
        assert_eq!(skew.server_time(wall), wall);
        // Clocks in step: a Date within the round trip's second changes nothing.
        skew.sample(at(0.0), at(0.2), at(0.3));
        assert_eq!(skew.server_time(wall), wall);
        // A server 120.5 s ahead: its Date is 120 s ahead of the request
        // sent at 0.2 and answered at 0.3.
        let mut skew = Skew::default();
        skew.sample(at(120.0), at(0.2), at(0.3));
        let offset = skew.server_time(wall).as_nanosecond() - wall.as_nanosecond();
        assert!(
            (119_700_000_000..=120_500_000_000).contains(&offset),
            "{offset}"
        );
        // A second answer 0.6 s later, whose Date ticked to 121 s: the range
        // narrows to [120.4, 120.8] (server minus local).
        skew.sample(at(121.0), at(0.6), at(0.6));
        let offset = skew.server_time(wall).as_nanosecond() - wall.as_nanosecond();
        assert_eq!(offset, 120_400_000_000);
        // A sample that does not fit (the server's clock was stepped) starts anew.
        skew.sample(at(10.0), at(1.0), at(1.0));
        let offset = skew.server_time(wall).as_nanosecond() - wall.as_nanosecond();
        assert_eq!(offset, 9_000_000_000);
        // And with a skewed clock, a reset is read against the server's time.
        let max_wait = RateLimitConfig::default().max_wait;
        let info = info(1, 0, at(130.0));
        let known = Known::read(&info, skew.server_time(wall), max_wait).unwrap();
        assert!(known.cut, "120 s is more than max_wait");
        let mut skew = Skew::default();
        skew.sample(at(120.0), at(0.0), at(0.0));
        let known = Known::read(&info, skew.server_time(wall), max_wait).unwrap();
        assert_eq!(known.wait, Duration::from_secs(10));
    }
}
