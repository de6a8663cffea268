//! One list of a staff page (the desk, the people), 20 rows at a time: each list has its own
//! page parameter, and its links keep the team and the commune filter.

/// The rows of one page and the links around it.
pub struct Section<T> {
    pub items: Vec<T>,
    pub pager: Pager,
}

impl<T> Section<T> {
    pub fn new(items: Vec<T>, pager: Pager) -> Self {
        Section { items, pager }
    }
}

pub struct Pager {
    /// The page the list is on, e.g. `/tableau-de-bord`.
    pub path: &'static str,
    /// The query parameter of this list, e.g. `attente_page`.
    pub param: &'static str,
    /// The id of the list's heading, where the links land.
    pub anchor: &'static str,
    pub page: u64,
    pub total: u64,
    /// `equipe=…&commune=…`, shared by every link of the page.
    pub base: String,
}

impl Pager {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(crate::db::dashboard::PAGE_SIZE).max(1)
    }

    /// The page actually shown: a page past the end shows the first.
    pub fn current(&self) -> u64 {
        if self.page > self.pages() { 1 } else { self.page }
    }

    fn link(&self, page: u64) -> String {
        let sep = if self.base.is_empty() { "" } else { "&" };
        format!("{}?{}{sep}{}={page}#{}", self.path, self.base, self.param, self.anchor)
    }

    pub fn previous(&self) -> Option<String> {
        (self.current() > 1).then(|| self.link(self.current() - 1))
    }

    pub fn next(&self) -> Option<String> {
        (self.current() < self.pages()).then(|| self.link(self.current() + 1))
    }
}

pub use crate::web::form::page_number;

impl Pager {
    /// The page `raw` asks for (brought back within the list) of a list held whole in memory,
    /// with its pager; `total`, `page` are set from `all` and `raw`.
    pub fn slice<T>(mut self, all: Vec<T>, raw: &str) -> (Vec<T>, Pager) {
        self.total = all.len() as u64;
        self.page = page_number(raw);
        self.page = self.current();
        let size = crate::db::dashboard::PAGE_SIZE as usize;
        let shown = all
            .into_iter()
            .skip((self.page as usize - 1) * size)
            .take(size)
            .collect();
        (shown, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pager(page: u64, total: u64) -> Pager {
        Pager {
            path: "/tableau-de-bord",
            param: "attente_page",
            anchor: "attente",
            page,
            total,
            base: "equipe=3".into(),
        }
    }

    #[test]
    fn links_go_one_page_back_and_forth_and_keep_the_team() {
        let p = pager(2, 45);
        assert_eq!(p.pages(), 3);
        assert_eq!(
            p.previous().as_deref(),
            Some("/tableau-de-bord?equipe=3&attente_page=1#attente")
        );
        assert_eq!(
            p.next().as_deref(),
            Some("/tableau-de-bord?equipe=3&attente_page=3#attente")
        );
        assert_eq!(pager(3, 45).next(), None);
        assert_eq!(pager(1, 0).previous(), None);
        assert_eq!(pager(9, 45).current(), 1, "past the end shows the first page");
    }

    #[test]
    fn anything_but_a_page_number_is_the_first_page() {
        assert_eq!(page_number("3"), 3);
        for raw in ["", "0", "-2", "deux", "99999999999999999999999"] {
            assert_eq!(page_number(raw), 1, "{raw}");
        }
    }
}
