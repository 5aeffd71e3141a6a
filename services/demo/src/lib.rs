//! The demo and the synthetic data, apart from the services they fill:
//! `infitah demo` writes the branded communes' programmes
//! ([`programmes`]; Kénitra's is the card of the page the platform
//! replaces), then their consultations ([`consultations`]), ideas and
//! workshops ([`workshops`]); `infitah demo --national-scale` gives every
//! other collectivity a synthetic programme ([`synth`]). The texts are data
//! files under `data/`, the programmes are written through plans' own
//! functions. Nothing here is linked into the server's request path: the
//! services know nothing of their demo.

pub mod consultations;
mod data;
pub mod programmes;
pub mod rng;
pub mod synth;
pub mod workshops;

use infitah_platform::{tenancy::Tenant, types::TenantId};

/// A commune to seed, as the registry knows it.
#[derive(Debug, Clone, Copy)]
pub struct Commune<'a> {
    pub id: TenantId,
    pub slug: &'a str,
    pub name_ar: &'a str,
    pub name_fr: &'a str,
    pub time_zone: &'a str,
}

impl<'a> Commune<'a> {
    pub fn of(t: &'a Tenant) -> Self {
        Commune {
            id: t.id(),
            slug: t.record.slug.as_str(),
            name_ar: &t.record.name_ar,
            name_fr: &t.record.name_fr,
            time_zone: &t.record.time_zone,
        }
    }
}
