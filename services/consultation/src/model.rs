//! The consultation's values, each a type that cannot hold a bad value: a
//! comment's body (plain text, 1–2000 characters once trimmed), an official
//! answer, a moderator's reason, the kind of item moderated, the window of a
//! consultation as the server's clock sees it, and the local date-time staff
//! type in the collectivity's time zone. Handlers parse form fields into these
//! before anything touches the database.

use serde::Serialize;
use time::PrimitiveDateTime;

/// What may be flagged, hidden, restored and answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Comment,
    Idea,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Comment => "comment",
            ItemKind::Idea => "idea",
        }
    }
    pub fn parse(s: &str) -> Option<ItemKind> {
        match s {
            "comment" => Some(ItemKind::Comment),
            "idea" => Some(ItemKind::Idea),
            _ => None,
        }
    }
}

/// Why a moderator hid an item: the category shown to the public (the note stays on record for staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Spam,
    Abuse,
    PersonalData,
    OffTopic,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Spam,
        Reason::Abuse,
        Reason::PersonalData,
        Reason::OffTopic,
        Reason::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Spam => "spam",
            Reason::Abuse => "abuse",
            Reason::PersonalData => "personal_data",
            Reason::OffTopic => "off_topic",
            Reason::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
    /// The message id of the category's label.
    pub fn message_id(self) -> String {
        format!("cons-reason-{}", self.as_str().replace('_', "-"))
    }
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLong(usize),
    /// Control characters other than line breaks and tabs.
    Invalid,
}

fn plain_text(s: &str, max: usize, allow_empty: bool) -> Result<String, TextError> {
    // Line endings are normalised so that the length a person sees is the length counted.
    let t = s.trim().replace("\r\n", "\n").replace('\r', "\n");
    if t.is_empty() && !allow_empty {
        return Err(TextError::Empty);
    }
    if t.chars().count() > max {
        return Err(TextError::TooLong(max));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(TextError::Invalid);
    }
    Ok(t)
}

/// A comment's text: plain, 1–2000 characters after trimming. Never rendered as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentBody(String);

impl CommentBody {
    pub const MAX: usize = 2000;
    pub fn parse(s: &str) -> Result<Self, TextError> {
        plain_text(s, Self::MAX, false).map(CommentBody)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The collectivity's official answer: plain, 1–4000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerBody(String);

impl AnswerBody {
    pub const MAX: usize = 4000;
    pub fn parse(s: &str) -> Result<Self, TextError> {
        plain_text(s, Self::MAX, false).map(AnswerBody)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A moderator's note for the record: plain, at most 1000 characters, may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationNote(String);

impl ModerationNote {
    pub const MAX: usize = 1000;
    pub fn parse(s: &str) -> Result<Self, TextError> {
        plain_text(s, Self::MAX, true).map(ModerationNote)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A consultation's title or description in one language: plain, bounded, or absent.
pub fn optional_text(s: &str, max: usize) -> Result<Option<String>, TextError> {
    plain_text(s, max, true).map(|t| (!t.is_empty()).then_some(t))
}

/// Where a consultation stands at the moment of the request (by the database server's clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WindowState {
    Upcoming,
    Open,
    Closed,
}

impl WindowState {
    pub fn parse(s: &str) -> WindowState {
        match s {
            "upcoming" => WindowState::Upcoming,
            "open" => WindowState::Open,
            _ => WindowState::Closed,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            WindowState::Upcoming => "upcoming",
            WindowState::Open => "open",
            WindowState::Closed => "closed",
        }
    }
}

/// Which page of a consultation's threads is asked for: `?page=` as the
/// links write it, 1 to 100,000, digits only (`?page=` absent is the first).
/// Anything else is no page at all, so that junk cannot fill the page cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadPage(u32);

impl ThreadPage {
    pub const FIRST: ThreadPage = ThreadPage(1);

    pub fn parse(raw: Option<&str>) -> Option<ThreadPage> {
        let Some(raw) = raw else {
            return Some(ThreadPage::FIRST);
        };
        if raw.is_empty()
            || raw.len() > 6
            || !raw.bytes().all(|b| b.is_ascii_digit())
            || raw.starts_with('0')
        {
            return None;
        }
        let n: u32 = raw.parse().ok()?;
        (n <= 100_000).then_some(ThreadPage(n))
    }
    pub fn new(n: u32) -> ThreadPage {
        ThreadPage(n.clamp(1, 100_000))
    }
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A date and time as staff type it in the collectivity's time zone
/// (`2021-05-31T23:59`, seconds optional, as `<input type="datetime-local">`
/// sends it). PostgreSQL turns it into an instant with the zone's rules of
/// that date (`$1::timestamp at time zone $2`), Ramadan's hour included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDateTime(PrimitiveDateTime);

impl LocalDateTime {
    pub fn parse(s: &str) -> Option<LocalDateTime> {
        let (date, clock) = s.trim().split_once(['T', ' '])?;
        let mut d = date.split('-');
        let (y, mo, da) = (d.next()?, d.next()?, d.next()?);
        let mut c = clock.split(':');
        let (h, mi, se) = (c.next()?, c.next()?, c.next().unwrap_or("00"));
        if d.next().is_some() || c.next().is_some() || y.len() != 4 {
            return None;
        }
        let two = |v: &str| (v.len() == 2).then(|| v.parse::<u8>().ok()).flatten();
        let year: i32 = y.parse().ok()?;
        if !infitah_platform::text::YEARS.contains(&year) {
            return None;
        }
        let date =
            time::Date::from_calendar_date(year, time::Month::try_from(two(mo)?).ok()?, two(da)?)
                .ok()?;
        let clock = time::Time::from_hms(two(h)?, two(mi)?, two(se)?).ok()?;
        Some(LocalDateTime(PrimitiveDateTime::new(date, clock)))
    }
    /// Any calendar date-time is a valid local one (the demo's dates, say).
    pub fn new(dt: PrimitiveDateTime) -> LocalDateTime {
        LocalDateTime(dt)
    }
    pub fn get(self) -> PrimitiveDateTime {
        self.0
    }
    /// As the form's `datetime-local` field shows it.
    pub fn input_value(dt: PrimitiveDateTime) -> String {
        let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let s = dt.format(f).unwrap_or_default();
        if dt.second() == 0 {
            s
        } else {
            format!("{s}:{:02}", dt.second())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_pages() {
        let p = |s| ThreadPage::parse(s).map(ThreadPage::get);
        assert_eq!(p(None), Some(1));
        assert_eq!(p(Some("1")), Some(1));
        assert_eq!(p(Some("740")), Some(740));
        assert_eq!(p(Some("100000")), Some(100_000));
        for bad in [
            "", "0", "01", "-1", "+2", "1.5", "abc", "100001", "9999999", "٣", "2 ",
        ] {
            assert_eq!(p(Some(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn bodies() {
        assert_eq!(
            CommentBody::parse("  salam \r\n ").unwrap().as_str(),
            "salam"
        );
        assert_eq!(CommentBody::parse(" \n "), Err(TextError::Empty));
        assert!(CommentBody::parse(&"ب".repeat(2000)).is_ok());
        assert_eq!(
            CommentBody::parse(&"ب".repeat(2001)),
            Err(TextError::TooLong(2000))
        );
        assert_eq!(CommentBody::parse("a\u{0}b"), Err(TextError::Invalid));
        assert_eq!(
            CommentBody::parse("<script>x</script>").unwrap().as_str(),
            "<script>x</script>"
        );
        assert_eq!(ModerationNote::parse("").unwrap().as_str(), "");
        assert_eq!(optional_text("  ", 10), Ok(None));
    }

    #[test]
    fn reasons_and_times() {
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
        }
        assert_eq!(Reason::parse("rude"), None);
        let d = LocalDateTime::parse("2021-05-31T23:59").unwrap().get();
        assert_eq!((d.hour(), d.minute(), d.second()), (23, 59, 0));
        assert!(LocalDateTime::parse("2021-05-31T23:59:30").is_some());
        assert!(LocalDateTime::parse("2021-02-30T10:00").is_none());
        assert!(LocalDateTime::parse("31/05/2021").is_none());
        assert_eq!(LocalDateTime::input_value(d), "2021-05-31T23:59");
    }
}
