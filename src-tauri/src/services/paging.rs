//! A guard for loops that follow a service's "next page" cursor (`next_cursor`, `nextRecordsUrl`,
//! `nextPageToken`). A service that hands back a cursor it gave before — or never stops paging — would
//! keep such a loop going forever, piling up the same records; the guard ends it with an error instead.

use std::collections::HashSet;

/// Pages one listing may take before it is called a loop: far beyond any real listing (10,000 pages
/// of 200–2,000 records each).
pub const MAX_PAGES: usize = 10_000;

/// Why a paging loop was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingStop {
    /// The service handed back a cursor it had already given, after `pages` pages.
    RepeatedCursor { pages: usize },
    /// The service kept paging past the cap.
    TooManyPages { pages: usize },
}

impl std::fmt::Display for PagingStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RepeatedCursor { pages } => write!(f, "the service repeated a page cursor after {pages} pages"),
            Self::TooManyPages { pages } => write!(f, "the service was still paging after {pages} pages"),
        }
    }
}

/// Remembers every cursor of one listing.
#[derive(Debug)]
pub struct CursorGuard {
    seen: HashSet<String>,
    pages: usize,
    max_pages: usize,
}

impl Default for CursorGuard {
    fn default() -> Self {
        Self::new(MAX_PAGES)
    }
}

impl CursorGuard {
    pub fn new(max_pages: usize) -> Self {
        Self { seen: HashSet::new(), pages: 1, max_pages: max_pages.max(1) }
    }

    /// Called with each next cursor before its page is asked for: an error if the cursor came before or
    /// the listing reached the cap.
    pub fn follow(&mut self, cursor: &str) -> Result<(), PagingStop> {
        if !self.seen.insert(cursor.to_owned()) {
            return Err(PagingStop::RepeatedCursor { pages: self.pages });
        }
        if self.pages >= self.max_pages {
            return Err(PagingStop::TooManyPages { pages: self.pages });
        }
        self.pages += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_given_twice_stops_the_loop() {
        let mut guard = CursorGuard::default();
        assert!(guard.follow("a").is_ok() && guard.follow("b").is_ok());
        assert_eq!(guard.follow("a"), Err(PagingStop::RepeatedCursor { pages: 3 }));
    }

    #[test]
    fn endless_fresh_cursors_stop_at_the_cap() {
        let mut guard = CursorGuard::new(3);
        assert!(guard.follow("1").is_ok() && guard.follow("2").is_ok());
        assert_eq!(guard.follow("3"), Err(PagingStop::TooManyPages { pages: 3 }));
    }
}
