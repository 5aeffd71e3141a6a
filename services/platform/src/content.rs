//! Which version of a collectivity's public content each replica has seen.
//! Every write that changes what the public sees bumps the collectivity's
//! `content_versions` row in its own transaction and notifies
//! `infitah_content` with `<tenant>:<version>`; cached pages are keyed by
//! that version, so the next read after a commit renders afresh — on every
//! replica, and in Redis too, since all replicas agree on the number.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, RwLock,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use sqlx::postgres::PgListener;

use crate::{
    db::{Db, TenantTx},
    types::TenantId,
};

/// The key under which the national roll-ups' version is kept beside the
/// collectivities' (a nil id: no collectivity has it). The national space
/// derives that version from every collectivity's (infitah-national) and
/// notes it here; any collectivity's change forgets it, so the fast path and
/// the page caches of national pages miss on the next read.
pub const NATIONAL_ROLLUP: TenantId = TenantId(uuid::Uuid::nil());

/// The versions known to this replica.
pub struct ContentVersions {
    db: Db,
    known: RwLock<HashMap<TenantId, i64>>,
    /// Counts the times the national version was forgotten: a version derived
    /// before a change is not noted after it (see [`ContentVersions::note_national`]).
    national_epoch: AtomicU64,
    /// Bumps made after commits, per collectivity (see [`ContentVersions::bump_after_commit`]).
    rounds: Mutex<HashMap<TenantId, Rounds>>,
    /// Whether the listener is following the notifications (see [`ContentVersions::listening`]).
    listening: tokio::sync::watch::Sender<bool>,
}

/// A collectivity's bumps after commit: how many writes asked for one, how
/// many of them a finished bump has served, and whether a bump is under way.
struct Rounds {
    requested: u64,
    running: bool,
    done: tokio::sync::watch::Sender<u64>,
}

impl ContentVersions {
    pub fn new(db: Db) -> Self {
        ContentVersions {
            db,
            known: RwLock::new(HashMap::new()),
            national_epoch: AtomicU64::new(0),
            rounds: Mutex::new(HashMap::new()),
            listening: tokio::sync::watch::Sender::new(false),
        }
    }

    /// Waits, at most `limit`, until the listener follows the notifications.
    /// Until then every version noted is forgotten when it starts, so the
    /// server waits for it before answering: its first pages are then kept.
    /// A database that cannot be listened to does not keep it from starting.
    pub async fn listening(&self, limit: Duration) -> bool {
        let mut rx = self.listening.subscribe();
        tokio::time::timeout(limit, rx.wait_for(|on| *on))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// For writes too frequent to bump in their own transaction. Comments
    /// arrive by the thousand per second in one collectivity during a busy
    /// consultation; bumping inside each transaction would queue them all on
    /// the collectivity's version row and on NOTIFY's commit lock (measured:
    /// 184 comments/s). Instead, once the write has committed, the caller
    /// awaits a bump made in a transaction of its own that *began after* its
    /// commit — one such bump serves every write committed before it began,
    /// so under load there is one bump per round, not one per write. When
    /// this returns, the next read anywhere sees the write, as with [`bump`].
    /// Should the process die in between, the write is committed and safe;
    /// only cached pages lag, until their time-to-live ends.
    pub async fn bump_after_commit(self: &Arc<Self>, tenant: TenantId) {
        let (ticket, mut done, start) = {
            let mut rounds = self.rounds.lock().expect("rounds lock");
            let r = rounds.entry(tenant).or_insert_with(|| Rounds {
                requested: 0,
                running: false,
                done: tokio::sync::watch::channel(0).0,
            });
            r.requested += 1;
            let start = !r.running;
            r.running = true;
            (r.requested, r.done.subscribe(), start)
        };
        if start {
            // Its own task: the rounds go on even if this request is dropped.
            tokio::spawn(self.clone().run_rounds(tenant));
        }
        while *done.borrow_and_update() < ticket {
            if done.changed().await.is_err() {
                return;
            }
        }
    }

    async fn run_rounds(self: Arc<Self>, tenant: TenantId) {
        loop {
            let target = self.rounds.lock().expect("rounds lock")[&tenant].requested;
            let result = async {
                let mut tx = self.db.tenant_tx(tenant).await?;
                bump(&mut tx).await?;
                tx.commit().await
            }
            .await;
            match result {
                Ok(()) => self.forget(tenant),
                // The writes are committed; cached pages lag until they expire.
                Err(e) => tracing::warn!(error = %e, "cannot bump a content version"),
            }
            let mut rounds = self.rounds.lock().expect("rounds lock");
            let r = rounds.get_mut(&tenant).expect("a round in progress");
            r.done.send_replace(target);
            if r.requested == target {
                r.running = false;
                return;
            }
        }
    }

    /// The national roll-ups' version this replica knows, and the epoch to
    /// hand back to [`ContentVersions::note_national`] with a freshly derived one.
    pub fn national(&self) -> (Option<i64>, u64) {
        let known = self.known.read().expect("versions lock");
        (
            known.get(&NATIONAL_ROLLUP).copied(),
            self.national_epoch.load(Ordering::SeqCst),
        )
    }

    /// Keeps a national version derived from the database, unless some
    /// collectivity changed since `epoch` was read (then the next read derives again).
    pub fn note_national(&self, epoch: u64, version: i64) {
        let mut known = self.known.write().expect("versions lock");
        if self.national_epoch.load(Ordering::SeqCst) == epoch {
            known.insert(NATIONAL_ROLLUP, version);
        }
    }

    /// Forgets the national version: some collectivity's content changed.
    fn forget_national(&self) {
        let mut known = self.known.write().expect("versions lock");
        known.remove(&NATIONAL_ROLLUP);
        self.national_epoch.fetch_add(1, Ordering::SeqCst);
    }

    /// The current version of a collectivity's content (one database read the
    /// first time, then from memory until a notification changes it).
    pub async fn get(&self, tenant: TenantId) -> Result<i64, sqlx::Error> {
        if let Some(v) = self.known.read().expect("versions lock").get(&tenant) {
            return Ok(*v);
        }
        let mut tx = self.db.tenant_tx(tenant).await?;
        let v: Option<i64> = sqlx::query_scalar!("select version from content_versions")
            .fetch_optional(tx.conn())
            .await?;
        tx.commit().await?;
        let v = v.unwrap_or(0);
        self.note(tenant, v);
        Ok(v)
    }

    /// The version this replica knows, without asking the database.
    pub fn peek(&self, tenant: TenantId) -> Option<i64> {
        self.known
            .read()
            .expect("versions lock")
            .get(&tenant)
            .copied()
    }

    /// Forgets what this replica knew of a collectivity's version: the next
    /// read asks the database. Called right after a write commits, so that
    /// the writer's own next read never waits for the notification.
    pub fn forget(&self, tenant: TenantId) {
        self.known.write().expect("versions lock").remove(&tenant);
        self.forget_national();
    }

    fn note(&self, tenant: TenantId, version: i64) {
        let mut known = self.known.write().expect("versions lock");
        let e = known.entry(tenant).or_insert(version);
        *e = (*e).max(version);
    }

    /// Follows the notifications until `stop` turns true (the server's
    /// shutdown, which then closes the pool: stopping first keeps a clean stop
    /// silent); on every (re)connection forgets what it knew, since
    /// notifications may have been missed meanwhile.
    pub async fn keep_fresh(self: Arc<Self>, mut stop: tokio::sync::watch::Receiver<bool>) {
        tokio::select! {
            _ = stop.wait_for(|v| *v) => {}
            _ = self.follow() => {}
        }
    }

    async fn follow(&self) {
        loop {
            match PgListener::connect_with(self.db.listen_pool()).await {
                Ok(mut l) => {
                    if let Err(e) = l.listen("infitah_content").await {
                        tracing::warn!(error = %e, "cannot listen for content changes");
                    } else {
                        self.known.write().expect("versions lock").clear();
                        self.forget_national();
                        self.listening.send_replace(true);
                        loop {
                            match l.recv().await {
                                Ok(n) => {
                                    if let Some((t, v)) = n.payload().split_once(':')
                                        && let (Ok(t), Ok(v)) = (t.parse(), v.parse())
                                    {
                                        self.note(TenantId(t), v);
                                        self.forget_national();
                                    }
                                }
                                Err(e) => {
                                    tracing::warn!(error = %e, "content listener lost; reconnecting");
                                    break;
                                }
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot listen for content changes"),
            }
            // Whatever happened while deaf is unknown: forget, and read again on use.
            self.listening.send_replace(false);
            self.known.write().expect("versions lock").clear();
            self.forget_national();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// Bumps the collectivity's content version in the caller's transaction; the
/// notification is delivered when (and only if) it commits.
pub async fn bump(tx: &mut TenantTx) -> Result<i64, sqlx::Error> {
    let tenant = tx.tenant().0;
    let v = sqlx::query_scalar!(
        "insert into content_versions (tenant_id, version) values ($1, 2)
         on conflict (tenant_id) do update set version = content_versions.version + 1
         returning version",
        tenant
    )
    .fetch_one(tx.conn())
    .await?;
    sqlx::query!(
        "select pg_notify('infitah_content', $1)",
        format!("{tenant}:{v}")
    )
    .execute(tx.conn())
    .await?;
    Ok(v)
}

/// Commits a transaction that bumped the content version, and makes this
/// replica's next read see it at once (other replicas learn it by notification).
pub async fn commit(tx: TenantTx, versions: &ContentVersions) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    tx.commit().await?;
    versions.forget(tenant);
    Ok(())
}
