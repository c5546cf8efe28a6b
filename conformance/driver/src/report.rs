//! The table per operation and the closing count.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use crate::judge::{FailureKind, Judged};

/// How many failures, notes and Prism problems per row are printed in full.
const MAX_DETAILS: usize = 5;

/// The results for one operation.
#[derive(Debug, Default)]
pub struct Row {
    /// The `operationId`.
    pub operation: String,
    /// Why the operation was not driven, if it was not.
    pub skipped: Option<String>,
    /// Samples judged (valid and invalid).
    pub judged: usize,
    /// HTTP requests sent.
    pub requests: usize,
    /// Valid samples Prism accepted.
    pub accepted: usize,
    /// Success bodies the client decoded.
    pub decoded: usize,
    /// Invalid samples the client refused with the right constraint.
    pub refused: usize,
    /// Failures by kind.
    pub failures: BTreeMap<FailureKind, usize>,
    /// The first failures in full.
    pub details: Vec<String>,
    /// Why Prism could not answer, with how often.
    pub prism_cannot: BTreeMap<String, usize>,
    /// Notes that are no failure, with how often.
    pub notes: BTreeMap<String, usize>,
}

impl Row {
    /// An empty row for `operation`.
    pub fn new(operation: &str) -> Self {
        Self {
            operation: operation.to_owned(),
            ..Self::default()
        }
    }

    /// Counts one valid sample, driven against the Prism of `mode`.
    pub fn add(&mut self, mode: &str, label: &str, judged: Judged) {
        self.judged += 1;
        self.requests += judged.requests;
        self.accepted += usize::from(judged.accepted);
        self.decoded += usize::from(judged.decoded);
        if let Some((kind, message)) = judged.failure {
            self.fail_kind(kind, format!("{mode}, {label}: {message}"));
        }
        if let Some(reason) = judged.prism_cannot {
            *self.prism_cannot.entry(reason).or_default() += 1;
        }
        if let Some(note) = judged.note {
            *self.notes.entry(note).or_default() += 1;
        }
    }

    /// Counts one invalid sample.
    pub fn add_invalid(&mut self, label: &str, judged: Judged) {
        self.judged += 1;
        self.requests += judged.requests;
        match judged.failure {
            Some((kind, message)) => self.fail_kind(kind, format!("invalid {label}: {message}")),
            None => self.refused += 1,
        }
    }

    /// Records a failure.
    pub fn fail_kind(&mut self, kind: FailureKind, message: String) {
        *self.failures.entry(kind).or_default() += 1;
        if self.details.len() < MAX_DETAILS {
            self.details.push(format!("[{kind}] {message}"));
        }
    }

    /// Whether the row failed: a failure, or nothing judged and no reason.
    pub fn failed(&self) -> bool {
        !self.failures.is_empty()
    }

    /// Whether Prism could answer no sample of the operation: it counts as
    /// skipped, with Prism's reason.
    pub fn prism_skipped(&self) -> bool {
        !self.failed() && self.accepted == 0 && !self.prism_cannot.is_empty()
    }
}

/// Every row.
#[derive(Debug, Default)]
pub struct Report {
    /// One per operation, in the samples file's order.
    pub rows: Vec<Row>,
    /// How long driving took.
    pub elapsed: Duration,
}

impl Report {
    /// Whether any operation failed.
    pub fn failed(&self) -> bool {
        self.rows.iter().any(Row::failed)
    }

    /// The table, the details, and `conformance: N passed, M failed`.
    pub fn render(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|row| row.operation.len())
            .max()
            .unwrap_or(9)
            .clamp(9, 48);
        let mut text = String::new();
        let _ = write!(
            text,
            "{:<width$} {:>8} {:>8} {:>8} {:>7}",
            "operation", "requests", "accepted", "decoded", "refused"
        );
        for kind in FailureKind::ALL {
            let _ = write!(text, " {:>10}", kind.name());
        }
        text.push_str("  status\n");
        for row in &self.rows {
            let _ = write!(
                text,
                "{:<width$} {:>8} {:>8} {:>8} {:>7}",
                row.operation, row.requests, row.accepted, row.decoded, row.refused
            );
            for kind in FailureKind::ALL {
                let _ = write!(
                    text,
                    " {:>10}",
                    row.failures.get(&kind).copied().unwrap_or(0)
                );
            }
            let status = if let Some(reason) = &row.skipped {
                format!("skipped: {reason}")
            } else if row.failed() {
                "FAILED".to_owned()
            } else if row.prism_skipped() {
                "skipped: Prism cannot answer it (below)".to_owned()
            } else {
                "passed".to_owned()
            };
            let _ = writeln!(text, "  {status}");
        }
        for row in &self.rows {
            if row.details.is_empty() && row.prism_cannot.is_empty() && row.notes.is_empty() {
                continue;
            }
            let _ = writeln!(text, "\n{}:", row.operation);
            for detail in &row.details {
                let _ = writeln!(text, "  - {detail}");
            }
            let failures: usize = row.failures.values().sum();
            if failures > row.details.len() {
                let _ = writeln!(
                    text,
                    "  … and {} more failures",
                    failures - row.details.len()
                );
            }
            for (reason, count) in row.prism_cannot.iter().take(MAX_DETAILS) {
                let _ = writeln!(text, "  - Prism cannot answer ({count}×): {reason}");
            }
            for (note, count) in row.notes.iter().take(MAX_DETAILS) {
                let _ = writeln!(text, "  - note ({count}×): {note}");
            }
        }
        let skipped = self
            .rows
            .iter()
            .filter(|row| row.skipped.is_some() || row.prism_skipped())
            .count();
        let failed = self.rows.iter().filter(|row| row.failed()).count();
        let passed = self.rows.len() - skipped - failed;
        let requests: usize = self.rows.iter().map(|row| row.requests).sum();
        let _ = writeln!(
            text,
            "\n({requests} requests in {:.1} s; each valid sample is sent twice: by hand as the \
             client prepared it, to read Prism's verdict, and through the client, to decode \
             the answer; invalid samples must be refused before sending)",
            self.elapsed.as_secs_f64()
        );
        let _ = writeln!(
            text,
            "conformance: {passed} passed, {failed} failed, {skipped} skipped"
        );
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_renders_rows() {
        let mut good = Row::new("getPet");
        good.add(
            "static",
            "low",
            Judged {
                requests: 2,
                accepted: true,
                decoded: true,
                ..Judged::default()
            },
        );
        let mut bad = Row::new("findPets");
        bad.add(
            "dynamic",
            "random 1",
            Judged {
                requests: 2,
                failure: Some((FailureKind::Rejected, "Prism answered 422".to_owned())),
                ..Judged::default()
            },
        );
        let skipped = Row {
            skipped: Some("multipart body".to_owned()),
            ..Row::new("upload")
        };
        let report = Report {
            rows: vec![good, bad, skipped],
            elapsed: Duration::ZERO,
        };
        assert!(report.failed());
        let text = report.render();
        assert!(
            text.contains("[rejected] dynamic, random 1: Prism answered 422"),
            "{text}"
        );
        assert!(text.contains("skipped: multipart body"), "{text}");
        assert!(
            text.ends_with("conformance: 1 passed, 1 failed, 1 skipped\n"),
            "{text}"
        );
    }
}
