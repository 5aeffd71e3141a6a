//! The command line: every subcommand and its `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use infitah_platform::{config::Settings, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "infitah",
    version,
    about = "Open-government action programmes for Morocco's collectivities"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the roles and the database when missing, then apply pending migrations as infitah_owner.
    /// Uses database_admin_url. Running it twice changes nothing.
    Migrate,
    /// Run the HTTP server (all services unless --services says otherwise) and the metrics listener.
    Serve(ServeArgs),
    /// Manage collectivities (communes, provinces and prefectures, regions).
    #[command(subcommand)]
    Tenant(Box<TenantCommand>),
    /// Manage accounts (the first admin of a collectivity, national managers).
    #[command(subcommand)]
    User(UserCommand),
    /// Run the mail worker alone (without HTTP): delivers the outbox until SIGTERM.
    Worker,
    /// Seed the demo, idempotently: the national list of collectivities, with
    /// Kénitra and six more communes branded.
    Demo(DemoArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// Also give every other collectivity of the country (communes, provinces
    /// and prefectures, regions) a deterministic synthetic programme, for the
    /// national view and its benchmarks at the country's real scale.
    #[arg(long)]
    pub national_scale: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Service {
    Identity,
    Plans,
    Consultation,
    Notifications,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Services to serve, comma-separated (the platform's own routes — assets,
    /// health, the national space — are always served).
    #[arg(long, value_delimiter = ',', default_values = ["identity", "plans", "consultation", "notifications"])]
    pub services: Vec<Service>,
    /// Do not run the mail worker in this process (run `infitah worker` separately).
    #[arg(long)]
    pub no_worker: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Give an address a role in a collectivity: by default an invitation
    /// e-mail (the person chooses a password); --password-stdin creates the
    /// account at once with the password read from standard input.
    Add {
        /// The collectivity's slug ("national" for the national space).
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        /// admin, editor, moderator or committee in a collectivity;
        /// national_manager or operator in the national space.
        #[arg(long)]
        role: String,
        /// Display name (with --password-stdin; default: the address's local part).
        #[arg(long)]
        name: Option<String>,
        /// Language of the account and its e-mails (default: the collectivity's first).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Register a collectivity.
    Add(TenantFields),
    /// List collectivities.
    List {
        /// Only this kind.
        #[arg(long)]
        kind: Option<String>,
        /// Only those directly under this collectivity (slug).
        #[arg(long)]
        parent: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one collectivity.
    Show {
        slug: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a collectivity: only the options given change.
    Update(TenantUpdate),
    /// Disable a collectivity: its hosts answer 404; nothing is deleted. `update --enable` undoes it.
    Disable { slug: String },
    /// Load collectivities from a file, in one transaction: all rows or none.
    /// Rows are matched on their HCP code (else slug), so importing twice changes nothing.
    /// With --collectivity, restore one collectivity from a `tenant export` file instead.
    Import(ImportArgs),
    /// Back up one collectivity: its registry entry (hosts, logo) and every row
    /// of every tenant table, from one consistent snapshot, as JSON lines.
    ///
    /// THE FILE IS SECRET: it holds password hashes, session and token hashes,
    /// e-mail addresses and other personal data. Keep it as you keep database
    /// backups (it is written readable by its owner only). Restore it with
    /// `infitah tenant import --collectivity FILE`.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The collectivity's slug.
    pub slug: String,
    /// Write to this file (mode 0600, replaced only once complete) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TenantFields {
    /// URL name: lowercase a-z, 0-9 and single hyphens; the host is <slug>.<base domain>.
    #[arg(long)]
    pub slug: String,
    /// commune, province, prefecture or region.
    #[arg(long)]
    pub kind: String,
    /// The collectivity above (slug or HCP code): a commune's province or prefecture, a province's region.
    #[arg(long)]
    pub parent: Option<String>,
    #[arg(long)]
    pub name_ar: String,
    #[arg(long)]
    pub name_fr: String,
    #[arg(long)]
    pub name_en: Option<String>,
    /// Haut-Commissariat au Plan code, e.g. 04.281.01.01.
    #[arg(long)]
    pub hcp_code: Option<String>,
    #[command(flatten)]
    pub common: CommonFields,
}

#[derive(Debug, Args, Default)]
pub struct CommonFields {
    /// A custom host name (repeatable), besides <slug>.<base domain>.
    #[arg(long = "host")]
    pub hosts: Vec<String>,
    /// Languages offered, the first being the default: e.g. ar,fr.
    #[arg(long)]
    pub languages: Option<String>,
    /// IANA time zone (default Africa/Casablanca).
    #[arg(long)]
    pub time_zone: Option<String>,
    /// Primary colour, #rrggbb.
    #[arg(long)]
    pub color: Option<String>,
    /// Logo image file (PNG, JPEG, WebP or SVG, at most 256 KiB).
    #[arg(long)]
    pub logo: Option<PathBuf>,
    /// Population (2024 census).
    #[arg(long)]
    pub population: Option<i32>,
}

#[derive(Debug, Args)]
pub struct TenantUpdate {
    pub slug: String,
    #[arg(long)]
    pub new_slug: Option<String>,
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub parent: Option<String>,
    #[arg(long)]
    pub name_ar: Option<String>,
    #[arg(long)]
    pub name_fr: Option<String>,
    #[arg(long)]
    pub name_en: Option<String>,
    #[arg(long)]
    pub hcp_code: Option<String>,
    #[command(flatten)]
    pub common: CommonFields,
    /// Remove a custom host (repeatable).
    #[arg(long = "remove-host")]
    pub remove_hosts: Vec<String>,
    /// Re-enable a disabled collectivity.
    #[arg(long)]
    pub enable: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub source: ImportSource,
    /// With --collectivity: when the collectivity already has data here, delete
    /// all of it (its rows only, in every tenant table) and restore the file's.
    #[arg(long, requires = "collectivity")]
    pub replace: bool,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ImportSource {
    /// A CSV file with a header row: kind, slug, parent, hcp_code, name_ar, name_fr,
    /// name_en, hosts, languages, time_zone, primary_color, population.
    pub file: Option<PathBuf>,
    /// A directory holding the HCP files regions.csv, provinces.csv and communes.csv.
    #[arg(long)]
    pub hcp: Option<PathBuf>,
    /// The national list embedded in the binary (12 regions, 83 provinces and prefectures, 1,503 communes).
    #[arg(long)]
    pub national: bool,
    /// A file written by `infitah tenant export` ("-" for standard input): restores that one
    /// collectivity, in one transaction, leaving every other untouched. Refused, with nothing
    /// written, when the schema version differs, when its slug, HCP code or hosts belong to
    /// another collectivity, when its parent is not registered, or when it already has data
    /// here (unless --replace).
    #[arg(long, value_name = "FILE")]
    pub collectivity: Option<PathBuf>,
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    run_with(cli, settings).await
}

/// Runs a command with the given settings (what the tests use).
pub async fn run_with(cli: Cli, settings: Settings) -> anyhow::Result<()> {
    telemetry::init_tracing(&settings.log_format, &settings.log_filter);
    match cli.command {
        Command::Migrate => {
            let report = infitah_platform::migrate::migrate(&settings.database_admin_url).await?;
            println!("{report}");
            Ok(())
        }
        Command::Serve(args) => {
            crate::server::serve(settings, &args.services, !args.no_worker).await
        }
        Command::Worker => crate::server::worker(settings).await,
        Command::Tenant(cmd) => {
            crate::tenant_cmd::run(&settings, *cmd, &mut std::io::stdout()).await
        }
        Command::User(cmd) => {
            crate::user_cmd::run(
                settings,
                cmd,
                &mut std::io::stdin().lock(),
                &mut std::io::stdout(),
            )
            .await
        }
        Command::Demo(args) => {
            let report = crate::demo::seed(&settings).await?;
            println!("{report}");
            if args.national_scale {
                println!("{}", crate::demo::national_scale(&settings).await?);
            }
            Ok(())
        }
    }
}
