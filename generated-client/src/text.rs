//! Values written out for people: durations in messages and logs, and the
//! start of a body, cut to a bound, in errors and `Debug` output.

use std::time::Duration;

/// A duration as seconds for messages: `2.347s`, `60s`.
pub(crate) fn seconds(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis.is_multiple_of(1000) {
        format!("{}s", millis / 1000)
    } else {
        format!("{}.{:03}s", millis / 1000, millis % 1000)
    }
}

/// Whole milliseconds, for logs.
#[cfg(feature = "client")]
pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The first `max` bytes of `bytes` as text, cut at a character boundary.
/// Invalid UTF-8 is replaced, never a reason to fail.
pub(crate) fn bounded_text(bytes: &[u8], max: usize) -> String {
    // Look a few bytes past `max` so a character straddling the cut is decoded
    // whole (and then dropped) rather than turned into a replacement character.
    let window = bytes.get(..max.saturating_add(4)).unwrap_or(bytes);
    let mut text = String::from_utf8_lossy(window).into_owned();
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_text_respects_char_boundaries() {
        assert_eq!(bounded_text(b"hello", 10), "hello");
        assert_eq!(bounded_text(b"hello", 3), "hel");
        assert_eq!(bounded_text("aé".as_bytes(), 2), "a");
        assert_eq!(bounded_text("ééé".as_bytes(), 4), "éé");
        assert_eq!(bounded_text(&[b'a', 0xff, b'b'], 10), "a\u{fffd}b");
        assert_eq!(bounded_text(&[0xff; 100], 5).len(), 3);
        assert_eq!(bounded_text(b"", 5), "");
    }
}
