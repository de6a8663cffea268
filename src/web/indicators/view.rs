//! One territory's figures as its reader may see them.

use crate::domain::indicators::Figure;
use crate::domain::indicators::published::{Hidden, Key, Measure, When};
use crate::domain::indicators::report::Report;

/// One territory's report over one period, and the cells hidden across everything its reader
/// may see.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub report: &'a Report,
    pub territory: usize,
    pub hidden: &'a Hidden,
}

impl View<'_> {
    fn key(&self, measure: Measure, when: When) -> Key {
        Key {
            territory: self.territory,
            measure,
            when,
        }
    }

    pub fn period(&self) -> When {
        When::Period(self.report.months.len())
    }

    pub fn count(&self, measure: Measure, when: When, n: usize) -> Figure {
        self.hidden.count(self.key(measure, when), n)
    }

    pub fn rate(&self, measure: Measure, when: When, part: usize, whole: usize) -> Figure {
        self.hidden.rate(self.key(measure, when), part, whole)
    }
}
