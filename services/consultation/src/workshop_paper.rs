//! Contributions gathered on paper at a workshop, typed in by staff: a CSV
//! file (columns profile, age bracket, contribution) or a form of several
//! rows. Every row is checked before anything is saved; one bad row rejects
//! the whole batch, with the row and the field named, so that a file is
//! never half imported. Profiles and age brackets may be written as their
//! catalogue code or their Arabic, French or English label, as people type
//! them in a spreadsheet.

use infitah_platform::catalog::CatalogEntry;

use crate::ideas_shared::resolve;

/// The largest CSV file accepted.
pub const CSV_MAX_BYTES: usize = 1024 * 1024;
/// The most rows a file or a form may hold.
pub const MAX_ROWS: usize = 5000;
/// The longest contribution, as for online comments.
pub const BODY_MAX: usize = 2000;
/// Empty rows of the multi-row form.
pub const FORM_ROWS: usize = 10;

/// A contribution ready to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperRow {
    pub profile: String,
    pub age_bracket: String,
    pub body: String,
}

/// Why a row (or the file) was refused: a message id, with the row and field when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The row's line in the file, or its number in the form (from 1).
    pub row: Option<usize>,
    /// "profile", "age_bracket" or "body".
    pub field: Option<&'static str>,
    pub message: &'static str,
}

impl Problem {
    fn file(message: &'static str) -> Self {
        Problem {
            row: None,
            field: None,
            message,
        }
    }
}

/// Checks one row's three cells; `None` with the problems when it is bad.
pub fn check_row(
    profiles: &[CatalogEntry],
    ages: &[CatalogEntry],
    row: usize,
    profile: &str,
    age: &str,
    body: &str,
    problems: &mut Vec<Problem>,
) -> Option<PaperRow> {
    let before = problems.len();
    let mut bad = |field: &'static str, message: &'static str| {
        problems.push(Problem {
            row: Some(row),
            field: Some(field),
            message,
        })
    };
    let p = resolve(profiles, profile);
    if p.is_none() {
        bad(
            "profile",
            if profile.trim().is_empty() {
                "ws-paper-profile-missing"
            } else {
                "ws-paper-profile-unknown"
            },
        );
    }
    let a = resolve(ages, age);
    if a.is_none() {
        bad(
            "age_bracket",
            if age.trim().is_empty() {
                "ws-paper-age-missing"
            } else {
                "ws-paper-age-unknown"
            },
        );
    }
    let b = body.trim();
    if b.is_empty() {
        bad("body", "ws-paper-body-missing");
    } else if b.chars().count() > BODY_MAX {
        bad("body", "ws-paper-body-too-long");
    } else if b
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        bad("body", "ws-paper-body-invalid");
    }
    (problems.len() == before).then(|| PaperRow {
        profile: p.unwrap_or_default(),
        age_bracket: a.unwrap_or_default(),
        body: b.replace("\r\n", "\n"),
    })
}

fn norm(s: &str) -> String {
    s.trim()
        .trim_matches('\u{feff}')
        .to_lowercase()
        .replace(['’', '\''], "'")
}

/// Which column a header cell names, if it names one.
fn header_column(cell: &str) -> Option<usize> {
    let c = norm(cell);
    const PROFILE: &[&str] = &["profile", "profil", "الصفة", "الفئة"];
    const AGE: &[&str] = &[
        "age_bracket",
        "age",
        "âge",
        "tranche d'âge",
        "tranche d'age",
        "tranche_age",
        "الفئة العمرية",
        "الشريحة العمرية",
        "السن",
    ];
    const BODY: &[&str] = &[
        "body",
        "contribution",
        "texte",
        "text",
        "commentaire",
        "comment",
        "المساهمة",
        "النص",
        "التعليق",
    ];
    if PROFILE.contains(&c.as_str()) {
        Some(0)
    } else if AGE.contains(&c.as_str()) {
        Some(1)
    } else if BODY.contains(&c.as_str()) {
        Some(2)
    } else {
        None
    }
}

/// The separator a spreadsheet used: comma, semicolon (French Excel) or tab.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map(|(d, _)| d)
        .unwrap_or(b',')
}

/// The line (from 1) a record starting at `byte` is on, as an editor shows
/// it. The reader may place a record's start on the line break before it
/// (the `\n` of a `\r\n`), so line breaks there are skipped first.
fn line_at(text: &str, byte: usize) -> usize {
    let b = text.as_bytes();
    let mut start = byte.min(b.len());
    while start < b.len() && (b[start] == b'\n' || b[start] == b'\r') {
        start += 1;
    }
    b[..start].iter().filter(|c| **c == b'\n').count() + 1
}

/// The line of the first row whose quoting is broken, if one is: a quote
/// opened and never closed (the reader would take every following row into
/// that cell), or text after a closing quote. Same rules as the reader:
/// a quote opens a cell only at its start, `""` inside is one quote.
fn broken_quote(text: &str, delimiter: u8) -> Option<usize> {
    let b = text.as_bytes();
    let (mut line, mut row_line) = (1usize, 1usize);
    let (mut i, mut at_cell_start) = (0usize, true);
    while i < b.len() {
        match b[i] {
            b'"' if at_cell_start => {
                // A quoted cell: find its closing quote.
                i += 1;
                loop {
                    match b.get(i) {
                        None => return Some(row_line),
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => break,
                        Some(c) => {
                            line += usize::from(*c == b'\n');
                            i += 1;
                        }
                    }
                }
                i += 1;
                match b.get(i) {
                    None | Some(b'\r' | b'\n') => {}
                    Some(c) if *c == delimiter => {}
                    Some(_) => return Some(row_line),
                }
                at_cell_start = false;
                continue;
            }
            b'\n' => {
                line += 1;
                row_line = line;
                at_cell_start = true;
            }
            c if c == delimiter => at_cell_start = true,
            b'\r' => {}
            _ => at_cell_start = false,
        }
        i += 1;
    }
    None
}

/// Reads a whole CSV file; every problem found, or every row.
pub fn parse_csv(
    bytes: &[u8],
    profiles: &[CatalogEntry],
    ages: &[CatalogEntry],
) -> Result<Vec<PaperRow>, Vec<Problem>> {
    if bytes.len() > CSV_MAX_BYTES {
        return Err(vec![Problem::file("ws-paper-file-too-large")]);
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![Problem::file("ws-paper-file-not-utf8")]);
    };
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = delimiter(text);
    if let Some(line) = broken_quote(text, delimiter) {
        return Err(vec![Problem {
            row: Some(line),
            field: None,
            message: "ws-paper-file-unreadable",
        }]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut order = [0usize, 1, 2];
    let mut rows = vec![];
    let mut problems = vec![];
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem {
                    row: e.position().map(|p| line_at(text, p.byte() as usize)),
                    field: None,
                    message: "ws-paper-file-unreadable",
                });
                break;
            }
        };
        // The line a person sees in a spreadsheet or an editor, from the record's first byte.
        let line = record
            .position()
            .map(|p| line_at(text, p.byte() as usize))
            .unwrap_or(i + 1);
        let cells: Vec<&str> = record.iter().collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if i == 0 {
            let named: Vec<Option<usize>> = cells.iter().map(|c| header_column(c)).collect();
            if named.iter().take(3).all(Option::is_some) && cells.len() >= 3 {
                let mut seen = [false; 3];
                for (pos, col) in named.iter().take(3).enumerate() {
                    let col = col.expect("checked");
                    seen[col] = true;
                    order[col] = pos;
                }
                if seen.iter().all(|s| *s) {
                    continue;
                }
                order = [0, 1, 2];
            }
        }
        if cells.len() < 3 || cells.iter().skip(3).any(|c| !c.trim().is_empty()) {
            problems.push(Problem {
                row: Some(line),
                field: None,
                message: "ws-paper-columns",
            });
            continue;
        }
        if rows.len() + problems.len() >= MAX_ROWS {
            return Err(vec![Problem::file("ws-paper-too-many-rows")]);
        }
        if let Some(r) = check_row(
            profiles,
            ages,
            line,
            cells[order[0]],
            cells[order[1]],
            cells[order[2]],
            &mut problems,
        ) {
            rows.push(r);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(vec![Problem::file("ws-paper-empty")]);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str, ar: &str, fr: &str) -> CatalogEntry {
        CatalogEntry {
            code: code.into(),
            label_ar: ar.into(),
            label_fr: fr.into(),
            label_en: None,
            retired: false,
        }
    }

    fn cats() -> (Vec<CatalogEntry>, Vec<CatalogEntry>) {
        (
            vec![
                entry("citizen", "مواطن(ة)", "Citoyen·ne"),
                entry(
                    "association",
                    "جمعية من المجتمع المدني",
                    "Association de la société civile",
                ),
            ],
            vec![
                entry("18_24", "من 18 إلى 24 سنة", "18 à 24 ans"),
                entry("60_plus", "60 سنة فما فوق", "60 ans et plus"),
            ],
        )
    }

    #[test]
    fn a_broken_quote_is_refused_with_its_line() {
        let (p, a) = cats();
        // Row 2 opens a quote it never closes: the reader would swallow row 3.
        let file = "citizen,18_24,Premier avis\n\
                    citizen,18_24,\"Deuxième avis sans fin\n\
                    citizen,60_plus,Troisième avis\n";
        let problems = parse_csv(file.as_bytes(), &p, &a).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].row, problems[0].message),
            (Some(2), "ws-paper-file-unreadable")
        );
        // Text after a closing quote, later closed by another row's quote.
        let file = "citizen,18_24,\"Un\n\
                    citizen,60_plus,\"Deux\"\n";
        assert_eq!(
            parse_csv(file.as_bytes(), &p, &a).unwrap_err()[0].row,
            Some(1)
        );
        // A quoted cell may hold line breaks, delimiters and doubled quotes.
        let file = "citizen,18_24,\"Ligne un\nligne \"\"deux\"\", fin\"\r\n\
                    citizen,60_plus,Trois\r\n";
        let rows = parse_csv(file.as_bytes(), &p, &a).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].body, "Ligne un\nligne \"deux\", fin");
    }

    #[test]
    fn codes_and_labels_with_or_without_a_header() {
        let (p, a) = cats();
        let file = "\u{feff}profil;tranche d'âge;contribution\r\n\
                    citizen;18_24;Plus d'éclairage\r\n\
                    \r\n\
                    جمعية من المجتمع المدني;60 سنة فما فوق;\"إنارة الأزقة; ليلا\"\r\n";
        let rows = parse_csv(file.as_bytes(), &p, &a).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].profile, "association");
        assert_eq!(rows[1].age_bracket, "60_plus");
        assert_eq!(rows[1].body, "إنارة الأزقة; ليلا");
        let bare = "Citoyen·ne,18 à 24 ans,=1+1\n";
        assert_eq!(parse_csv(bare.as_bytes(), &p, &a).unwrap()[0].body, "=1+1");
        // Columns in another order, named by the header.
        let swapped = "body,age_bracket,profile\nun texte,18_24,citizen\n";
        assert_eq!(
            parse_csv(swapped.as_bytes(), &p, &a).unwrap()[0],
            PaperRow {
                profile: "citizen".into(),
                age_bracket: "18_24".into(),
                body: "un texte".into()
            }
        );
    }

    #[test]
    fn a_bad_row_is_named_and_nothing_passes() {
        let (p, a) = cats();
        let file =
            "profile,age_bracket,body\r\ncitizen,18_24,ok\r\nelected,18_24,ok\r\ncitizen,,\r\n";
        let problems = parse_csv(file.as_bytes(), &p, &a).unwrap_err();
        assert_eq!(
            problems,
            vec![
                Problem {
                    row: Some(3),
                    field: Some("profile"),
                    message: "ws-paper-profile-unknown"
                },
                Problem {
                    row: Some(4),
                    field: Some("age_bracket"),
                    message: "ws-paper-age-missing"
                },
                Problem {
                    row: Some(4),
                    field: Some("body"),
                    message: "ws-paper-body-missing"
                },
            ]
        );
        // Lines as an editor counts them, with LF endings and a field over two lines.
        let lf = "citizen,18_24,\"deux\nlignes\"\nelected,18_24,ok\n";
        assert_eq!(
            parse_csv(lf.as_bytes(), &p, &a).unwrap_err()[0].row,
            Some(3)
        );
        assert_eq!(
            parse_csv(b"citizen,18_24\n", &p, &a).unwrap_err()[0].message,
            "ws-paper-columns"
        );
        assert_eq!(
            parse_csv(b"\n\n", &p, &a).unwrap_err()[0].message,
            "ws-paper-empty"
        );
        assert_eq!(
            parse_csv(&[0xff, 0xfe, b'a'], &p, &a).unwrap_err()[0].message,
            "ws-paper-file-not-utf8"
        );
        let big = vec![b'a'; CSV_MAX_BYTES + 1];
        assert_eq!(
            parse_csv(&big, &p, &a).unwrap_err()[0].message,
            "ws-paper-file-too-large"
        );
    }
}
