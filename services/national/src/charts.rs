//! Charts drawn on the server as inline SVG: no script, no inline style (the
//! CSP forbids both), colours from the stylesheet's classes. Each chart is
//! paired on its page with a table of the same figures, which is what
//! assistive technology reads; the SVGs are labelled images. Right to left:
//! the horizontal scales run from the right (x is mirrored here, text is
//! not), so a chart reads the way its page does.

use std::fmt::Write;

use time::Date;

/// Escapes text for SVG/HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A number with one decimal when it has one, the local decimal separator.
pub fn decimal(v: f64, lang: infitah_platform::i18n::Lang) -> String {
    let r = (v * 10.0).round() / 10.0;
    let s = if (r - r.round()).abs() < 1e-9 {
        format!("{}", r.round() as i64)
    } else {
        format!("{r:.1}")
    };
    match lang {
        infitah_platform::i18n::Lang::En => s,
        _ => s.replace('.', ","),
    }
}

/// "47,5 %" (no break before the sign). In Arabic the figure and its sign
/// are one left-to-right isolate: a sign after a space, after Arabic letters
/// or at the end of an axis label, takes the Arabic direction and is drawn
/// "% 47" — in SVG text, in attributes, wherever no `<bdi>` can go.
pub fn percent(v: f64, lang: infitah_platform::i18n::Lang) -> String {
    match lang {
        infitah_platform::i18n::Lang::Ar => format!("\u{2066}{}\u{a0}%\u{2069}", decimal(v, lang)),
        _ => format!("{}\u{a0}%", decimal(v, lang)),
    }
}

/// The x of a 0–100 value on a scale from `left` to `right`, mirrored right to left.
fn x_of(v: f64, left: f64, right: f64, rtl: bool) -> f64 {
    let v = v.clamp(0.0, 100.0);
    let x = left + (right - left) * v / 100.0;
    if rtl { left + right - x } else { x }
}

/// The spread of an area's progress: whiskers from min to max, a box from
/// the first to the third quartile, a line at the median, an optional
/// reference line (the level above's median) and an optional marker (one
/// collectivity). `label` names it for assistive technology.
/// The five numbers of a spread, in percent.
#[derive(Debug, Clone, Copy)]
pub struct Spread {
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

pub fn boxplot(
    spread: Spread,
    reference: Option<f64>,
    marker: Option<f64>,
    rtl: bool,
    label: &str,
) -> String {
    let Spread {
        min,
        q1,
        median,
        q3,
        max,
    } = spread;
    let (l, r) = (4.0, 196.0);
    let x = |v| x_of(v, l, r, rtl);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="nat-box" viewBox="0 0 200 24" role="img" aria-label="{}" focusable="false">"#,
        esc(label)
    );
    let _ = write!(
        s,
        r#"<line class="nat-axis" x1="{l}" y1="12" x2="{r}" y2="12"/>"#
    );
    for t in [25.0, 50.0, 75.0] {
        let _ = write!(
            s,
            r#"<line class="nat-tick" x1="{0:.2}" y1="4" x2="{0:.2}" y2="20"/>"#,
            x(t)
        );
    }
    let _ = write!(
        s,
        r#"<line class="nat-whisker" x1="{:.2}" y1="12" x2="{:.2}" y2="12"/><line class="nat-whisker" x1="{2:.2}" y1="8" x2="{2:.2}" y2="16"/><line class="nat-whisker" x1="{3:.2}" y1="8" x2="{3:.2}" y2="16"/>"#,
        x(min),
        x(max),
        x(min),
        x(max)
    );
    let (a, b) = (x(q1).min(x(q3)), x(q1).max(x(q3)));
    let _ = write!(
        s,
        r#"<rect class="nat-iqr" x="{a:.2}" y="5" width="{:.2}" height="14" rx="2"/>"#,
        (b - a).max(0.8)
    );
    let _ = write!(
        s,
        r#"<line class="nat-median" x1="{0:.2}" y1="4" x2="{0:.2}" y2="20"/>"#,
        x(median)
    );
    if let Some(v) = reference {
        let _ = write!(
            s,
            r#"<line class="nat-reference" x1="{0:.2}" y1="1" x2="{0:.2}" y2="23"/>"#,
            x(v)
        );
    }
    if let Some(v) = marker {
        let cx = x(v);
        let _ = write!(
            s,
            r#"<path class="nat-marker" d="M{:.2} 12 l5 -7 l5 7 l-5 7 z"/>"#,
            cx - 5.0
        );
    }
    s.push_str("</svg>");
    s
}

/// Every collectivity of an area as a dot on the 0–100 scale, over the
/// area's quartile box; `highlight` is drawn apart. Each dot carries its name.
pub fn strip(
    points: &[(f64, String, bool)],
    q: Option<(f64, f64, f64)>,
    rtl: bool,
    label: &str,
    ticks: &[String; 5],
) -> String {
    let (l, r, w) = (24.0, 676.0, 700.0);
    let x = |v| x_of(v, l, r, rtl);
    let rows = 5.0;
    let h = 40.0 + rows * 10.0 + 24.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="nat-strip" viewBox="0 0 {w} {h}" role="img" aria-label="{}" focusable="false">"#,
        esc(label)
    );
    let base = h - 22.0;
    for (i, t) in ticks.iter().enumerate() {
        let tx = x(i as f64 * 25.0);
        let _ = write!(
            s,
            r#"<line class="nat-grid" x1="{tx:.1}" y1="8" x2="{tx:.1}" y2="{base}"/><text class="nat-label" x="{tx:.1}" y="{}" text-anchor="middle">{}</text>"#,
            base + 16.0,
            esc(t)
        );
    }
    if let Some((q1, med, q3)) = q {
        let (a, b) = (x(q1).min(x(q3)), x(q1).max(x(q3)));
        let _ = write!(
            s,
            r#"<rect class="nat-iqr-band" x="{a:.1}" y="10" width="{:.1}" height="{:.1}" rx="4"/><line class="nat-median" x1="{2:.1}" y1="8" x2="{2:.1}" y2="{3}"/>"#,
            (b - a).max(2.0),
            base - 12.0,
            x(med),
            base
        );
    }
    // Dots spread over a few rows (by their order), so equal values stay visible.
    for (i, (v, name, hl)) in points.iter().enumerate() {
        let cy = 16.0 + (i % rows as usize) as f64 * 10.0 + 10.0;
        let class = if *hl {
            "nat-dot nat-dot-here"
        } else {
            "nat-dot"
        };
        let radius = if *hl { 7.0 } else { 4.5 };
        let _ = write!(
            s,
            r#"<circle class="{class}" cx="{:.1}" cy="{cy:.1}" r="{radius}"><title>{}</title></circle>"#,
            x(*v),
            esc(name)
        );
    }
    s.push_str("</svg>");
    s
}

/// One series of a month-by-month chart.
pub struct Series<'a> {
    pub class: &'a str,
    pub values: Vec<f64>,
}

/// Progress month by month: a band from the first to the third quartile
/// (when given), and lines. `months` label the x axis (every few months).
pub fn months(
    months: &[(Date, String)],
    band: Option<(&[f64], &[f64])>,
    series: &[Series],
    rtl: bool,
    label: &str,
    percent_ticks: &[String; 5],
    time_note: &str,
) -> String {
    let (w, h) = (720.0, 260.0);
    // Room for the percentages on the side they read from, and for half a month label on the other.
    let (l, r, top, bottom) = if rtl {
        (44.0, 656.0, 16.0, 212.0)
    } else {
        (64.0, 676.0, 16.0, 212.0)
    };
    let n = months.len().max(1);
    let xs = |i: usize| {
        let x = if n == 1 {
            (l + r) / 2.0
        } else {
            l + (r - l) * i as f64 / (n - 1) as f64
        };
        if rtl { l + r - x } else { x }
    };
    let ys = |v: f64| bottom - (bottom - top) * v.clamp(0.0, 100.0) / 100.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="nat-line" viewBox="0 0 {w} {h}" role="img" aria-label="{}" focusable="false">"#,
        esc(label)
    );
    for (i, t) in percent_ticks.iter().enumerate() {
        let y = ys(i as f64 * 25.0);
        // Centred beside the axis: the same in either direction of text.
        let tx = if rtl { r + 32.0 } else { l - 32.0 };
        let _ = write!(
            s,
            r#"<line class="nat-grid" x1="{l}" y1="{y:.1}" x2="{r}" y2="{y:.1}"/><text class="nat-label" x="{tx}" y="{:.1}" text-anchor="middle">{}</text>"#,
            y + 4.0,
            esc(t)
        );
    }
    let step = if n > 24 {
        6
    } else if n > 12 {
        3
    } else {
        1
    };
    // Which way time runs: right to left in an Arabic chart, so that a rise
    // is not read as a decline; the note sits at the latest month's end.
    let (nx, anchor) = if rtl { (l, "start") } else { (r, "end") };
    let _ = write!(
        s,
        r#"<text class="nat-label nat-time" x="{nx}" y="{}" text-anchor="{anchor}">{}</text>"#,
        h - 4.0,
        esc(time_note)
    );
    for (i, (_, text)) in months.iter().enumerate() {
        if i % step == 0 || i + 1 == n {
            let x = xs(i);
            let _ = write!(
                s,
                r#"<line class="nat-tick" x1="{x:.1}" y1="{bottom}" x2="{x:.1}" y2="{}"/><text class="nat-label" x="{x:.1}" y="{}" text-anchor="middle">{}</text>"#,
                bottom + 5.0,
                bottom + 22.0,
                esc(text)
            );
        }
    }
    if let Some((lo, hi)) = band
        && !lo.is_empty()
    {
        let mut d = String::new();
        for (i, v) in hi.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.1} {:.1} ",
                if i == 0 { "M" } else { "L" },
                xs(i),
                ys(*v)
            );
        }
        for (i, v) in lo.iter().enumerate().rev() {
            let _ = write!(d, "L{:.1} {:.1} ", xs(i), ys(*v));
        }
        d.push('Z');
        let _ = write!(s, r#"<path class="nat-band" d="{}"/>"#, d.trim());
    }
    for se in series {
        let pts: Vec<String> = se
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", xs(i), ys(*v)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline class="{}" points="{}"/>"#,
            se.class,
            pts.join(" ")
        );
        if let (Some(last), Some(v)) = (se.values.len().checked_sub(1), se.values.last()) {
            let _ = write!(
                s,
                r#"<circle class="{}-end" cx="{:.1}" cy="{:.1}" r="4"/>"#,
                se.class,
                xs(last),
                ys(*v)
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use infitah_platform::i18n::Lang;

    #[test]
    fn numbers_read_locally() {
        assert_eq!(percent(47.5, Lang::Fr), "47,5\u{a0}%");
        assert_eq!(percent(47.0, Lang::Ar), "\u{2066}47\u{a0}%\u{2069}");
        assert_eq!(decimal(33.333, Lang::En), "33.3");
    }

    #[test]
    fn right_to_left_mirrors_the_scale() {
        assert!((x_of(0.0, 0.0, 100.0, true) - 100.0).abs() < 1e-9);
        assert!((x_of(25.0, 0.0, 100.0, false) - 25.0).abs() < 1e-9);
        let spread = Spread {
            min: 0.0,
            q1: 25.0,
            median: 50.0,
            q3: 75.0,
            max: 100.0,
        };
        let svg = boxplot(spread, None, Some(10.0), true, "<x>");
        assert!(svg.contains("aria-label=\"&lt;x&gt;\""));
        assert!(!svg.contains("style="));
    }
}
