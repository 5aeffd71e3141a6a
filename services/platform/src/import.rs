//! Reading collectivities from files: the import CSV of `infitah tenant import`
//! and the Haut-Commissariat au Plan's national list (embedded, see
//! `data/morocco/README.md` for its source and credit).

use serde::Deserialize;

use crate::{
    i18n::Lang,
    registry::{ParentRef, RegistryErrors, RowError, TenantSpec},
    types::{Color, HcpCode, HostName, Slug, TenantKind},
};

pub const HCP_REGIONS: &str = include_str!("../data/morocco/regions.csv");
pub const HCP_PROVINCES: &str = include_str!("../data/morocco/provinces.csv");
pub const HCP_COMMUNES: &str = include_str!("../data/morocco/communes.csv");
/// The credit that travels with the data (pages show it in their language:
/// the `national-data-credit` message).
pub const HCP_CREDIT: &str = "Haut-Commissariat au Plan (HCP), RGPH 2024 and 2014, CC BY 4.0";

/// The columns of the import CSV (a header row names them; order is free,
/// only kind, slug, name_ar and name_fr are required).
pub const CSV_COLUMNS: &[&str] = &[
    "kind",
    "slug",
    "parent",
    "hcp_code",
    "name_ar",
    "name_fr",
    "name_en",
    "hosts",
    "languages",
    "time_zone",
    "primary_color",
    "population",
];

/// Parses the import CSV. Row numbers are data rows counted from 1 (the
/// header is row 0). All problems are reported together.
pub fn parse_csv(data: &[u8]) -> Result<Vec<(usize, TenantSpec)>, RegistryErrors> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(data);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(RegistryErrors(vec![bad(0, "header", e.to_string())])),
    };
    let mut errors = check_headers(&headers);
    if !errors.is_empty() {
        return Err(RegistryErrors(errors));
    }
    let mut specs = vec![];
    for (i, record) in rdr.records().enumerate() {
        let row = i + 1;
        match record {
            Ok(record) => {
                if let Some(spec) = parse_row(&headers, &record, row, &mut errors) {
                    specs.push((row, spec));
                }
            }
            Err(e) => errors.push(bad(row, "row", e.to_string())),
        }
    }
    if specs.is_empty() && errors.is_empty() {
        errors.push(bad(0, "file", "no rows".into()));
    }
    if errors.is_empty() {
        Ok(specs)
    } else {
        Err(RegistryErrors(errors))
    }
}

fn bad(row: usize, field: &str, message: String) -> RowError {
    RowError {
        row,
        field: field.into(),
        message,
    }
}

/// Every column known, the required ones there.
fn check_headers(headers: &csv::StringRecord) -> Vec<RowError> {
    let mut errors = vec![];
    for h in headers.iter() {
        if !CSV_COLUMNS.contains(&h) {
            errors.push(bad(
                0,
                h,
                format!("unknown column; known columns: {}", CSV_COLUMNS.join(", ")),
            ));
        }
    }
    for required in ["kind", "slug", "name_ar", "name_fr"] {
        if !headers.iter().any(|h| h == required) {
            errors.push(bad(0, required, "required column is missing".into()));
        }
    }
    errors
}

/// One row, each cell checked; None (with its errors) when it is not a collectivity.
fn parse_row(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    row: usize,
    errors: &mut Vec<RowError>,
) -> Option<TenantSpec> {
    // Bytes no column may hold, named by row and column before anything reads them.
    let mut clean = true;
    for (h, v) in headers.iter().zip(record.iter()) {
        if let Some(crate::text::Flaw::Control(c) | crate::text::Flaw::Bidi(c)) =
            crate::text::identifier_flaw(v)
        {
            errors.push(bad(
                row,
                h,
                format!("contains the control character U+{:04X}", c as u32),
            ));
            clean = false;
        }
    }
    if !clean {
        return None;
    }
    let get = |name: &str| -> Option<&str> {
        headers
            .iter()
            .position(|h| h == name)
            .and_then(|p| record.get(p))
            .filter(|v| !v.is_empty())
    };
    let kind = take(
        errors,
        row,
        "kind",
        TenantKind::parse(get("kind").unwrap_or("")),
    );
    let slug = take(errors, row, "slug", Slug::parse(get("slug").unwrap_or("")));
    let parent = get("parent").and_then(|p| take(errors, row, "parent", ParentRef::parse(p)));
    let hcp_code = get("hcp_code").and_then(|c| take(errors, row, "hcp_code", HcpCode::parse(c)));
    let hosts: Vec<HostName> = get("hosts")
        .map(|hs| {
            hs.split([' ', ';', ','])
                .filter(|h| !h.is_empty())
                .filter_map(|h| take(errors, row, "hosts", HostName::parse(h)))
                .collect()
        })
        .unwrap_or_default();
    let languages =
        get("languages").and_then(|ls| take(errors, row, "languages", parse_languages(ls)));
    let primary_color =
        get("primary_color").and_then(|c| take(errors, row, "primary_color", Color::parse(c)));
    let population = get("population").and_then(|p| {
        take(
            errors,
            row,
            "population",
            p.parse::<i32>()
                .map_err(|_| format!("{p:?} is not a whole number")),
        )
    });
    Some(TenantSpec {
        slug: slug?,
        kind: kind?,
        parent,
        hcp_code,
        name_ar: get("name_ar").unwrap_or("").to_owned(),
        name_fr: get("name_fr").unwrap_or("").to_owned(),
        name_en: get("name_en").map(str::to_owned),
        hosts,
        languages,
        time_zone: get("time_zone").map(str::to_owned),
        primary_color,
        logo: None,
        population,
    })
}

fn take<T>(errors: &mut Vec<RowError>, row: usize, field: &str, r: Result<T, String>) -> Option<T> {
    r.map_err(|message| {
        errors.push(RowError {
            row,
            field: field.into(),
            message,
        })
    })
    .ok()
}

/// "ar,fr" or "ar fr" → [Ar, Fr]; unknown codes are an error.
pub fn parse_languages(s: &str) -> Result<Vec<Lang>, String> {
    let mut out = vec![];
    for code in s.split([',', ' ', ';']).filter(|c| !c.is_empty()) {
        let l = Lang::parse(code)
            .ok_or_else(|| format!("unknown language {code:?}: use ar, fr or en"))?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    if out.is_empty() {
        return Err("offer at least one language (ar, fr, en)".into());
    }
    Ok(out)
}

#[derive(Deserialize)]
struct HcpRegion {
    code: String,
    name_fr: String,
    name_ar: String,
    population_2024: Option<i32>,
}

#[derive(Deserialize)]
struct HcpProvince {
    code: String,
    name_fr: String,
    name_ar: String,
    #[serde(rename = "type")]
    kind: String,
    region_code: String,
    population_2024: Option<i32>,
}

#[derive(Deserialize)]
struct HcpCommune {
    code: String,
    slug: String,
    name_fr: String,
    name_ar: String,
    province_code: String,
    population_2024: Option<i32>,
}

/// The national list as specs: regions (`region-…`), provinces and prefectures
/// (`province-…`, `prefecture-…`) and communes (their own slugs). Row numbers
/// count across the three files in that order.
pub fn hcp_specs(
    regions: &str,
    provinces: &str,
    communes: &str,
) -> anyhow::Result<Vec<(usize, TenantSpec)>> {
    let mut out = vec![];
    let spec = |slug: Slug,
                kind,
                parent: Option<&str>,
                code: &str,
                ar: String,
                fr: String,
                pop|
     -> anyhow::Result<TenantSpec> {
        Ok(TenantSpec {
            slug,
            kind,
            parent: parent
                .map(|p| HcpCode::parse(p).map(ParentRef::Code))
                .transpose()
                .map_err(anyhow::Error::msg)?,
            hcp_code: Some(HcpCode::parse(code).map_err(anyhow::Error::msg)?),
            name_ar: ar.trim().to_owned(),
            name_fr: fr.trim().to_owned(),
            name_en: None,
            hosts: vec![],
            languages: None,
            time_zone: None,
            primary_color: None,
            logo: None,
            population: pop,
        })
    };
    for r in csv::Reader::from_reader(regions.as_bytes()).deserialize::<HcpRegion>() {
        let r = r?;
        let slug = Slug::from_name("region", &r.name_fr).map_err(anyhow::Error::msg)?;
        out.push(spec(
            slug,
            TenantKind::Region,
            None,
            &r.code,
            r.name_ar,
            r.name_fr,
            r.population_2024,
        )?);
    }
    for p in csv::Reader::from_reader(provinces.as_bytes()).deserialize::<HcpProvince>() {
        let p = p?;
        let kind = TenantKind::parse(&p.kind).map_err(anyhow::Error::msg)?;
        let slug = Slug::from_name(
            if kind == TenantKind::Province {
                "province"
            } else {
                "prefecture"
            },
            &p.name_fr,
        )
        .map_err(anyhow::Error::msg)?;
        out.push(spec(
            slug,
            kind,
            Some(&p.region_code),
            &p.code,
            p.name_ar,
            p.name_fr,
            p.population_2024,
        )?);
    }
    for c in csv::Reader::from_reader(communes.as_bytes()).deserialize::<HcpCommune>() {
        let c = c?;
        let slug = Slug::parse(&c.slug).map_err(anyhow::Error::msg)?;
        out.push(spec(
            slug,
            TenantKind::Commune,
            Some(&c.province_code),
            &c.code,
            c.name_ar,
            c.name_fr,
            c.population_2024,
        )?);
    }
    Ok(out
        .into_iter()
        .enumerate()
        .map(|(i, s)| (i + 1, s))
        .collect())
}

/// The embedded national list.
pub fn national_list() -> anyhow::Result<Vec<(usize, TenantSpec)>> {
    hcp_specs(HCP_REGIONS, HCP_PROVINCES, HCP_COMMUNES)
}

/// Reads the three HCP files from a directory.
pub fn hcp_dir(dir: &std::path::Path) -> anyhow::Result<Vec<(usize, TenantSpec)>> {
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f))
            .map_err(|e| anyhow::anyhow!("{}: {e}", dir.join(f).display()))
    };
    hcp_specs(
        &read("regions.csv")?,
        &read("provinces.csv")?,
        &read("communes.csv")?,
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn national_list_has_the_shape_of_morocco() {
        let specs = national_list().unwrap();
        let count = |k: &[TenantKind]| specs.iter().filter(|(_, s)| k.contains(&s.kind)).count();
        assert_eq!(count(&[TenantKind::Region]), 12);
        assert_eq!(count(&[TenantKind::Province, TenantKind::Prefecture]), 83);
        assert_eq!(count(&[TenantKind::Commune]), 1503);
        let mut slugs = HashMap::new();
        for (row, s) in &specs {
            assert!(
                slugs.insert(s.slug.clone(), *row).is_none(),
                "slug {} repeats",
                s.slug
            );
        }
        let kenitra: Vec<_> = specs
            .iter()
            .filter(|(_, s)| s.name_fr == "Kénitra")
            .map(|(_, s)| s.slug.as_str())
            .collect();
        assert_eq!(kenitra, ["province-kenitra", "kenitra"]);
    }

    #[test]
    fn csv_errors_name_row_and_field() {
        let data = b"kind,slug,parent,name_ar,name_fr\ncommune,ok-slug,province-x,a,b\ncommune,Bad Slug,province-x,a,b\nvillage,x,,a,b\n";
        let errs = parse_csv(data).unwrap_err().0;
        assert_eq!(
            errs.iter()
                .map(|e| (e.row, e.field.as_str()))
                .collect::<Vec<_>>(),
            [(2, "slug"), (3, "kind")]
        );
        let errs = parse_csv(b"kind,slug,colour\n").unwrap_err().0;
        assert!(errs.iter().any(|e| e.field == "colour"));
    }
}
