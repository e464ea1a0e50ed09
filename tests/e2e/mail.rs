//! MailService against a real Dovecot 2.3 whose users are pbm's own (the
//! shipped deploy/dovecot configuration over the store the test pbm runs
//! on): messages delivered over LMTP are searched (one owner, a mask, all
//! users), fetched, expunged (dry run, then for real, checked over IMAP),
//! recalled (read and unread copies, force off and on, the report
//! delivered), shared (the grantee opens the folder over IMAP) and
//! measured (quota equal to IMAP GETQUOTAROOT). Bad input is refused before
//! anything reaches Dovecot (a canary listener stands in for it and counts
//! connections); a stopped Dovecot is UNAVAILABLE within the timeout while
//! the directory keeps serving (a private second Dovecot instance, so no
//! other test loses its server); and every RPC is checked against the
//! authorization matrix.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use futures::StreamExt as _;
use pbm::pb::{self, mail_service_client::MailServiceClient};
use prost_types::Timestamp;
use serde_json::{Value, json};
use tonic::{Code, Status, transport::Channel};

use crate::common::{
    CREATOR, CREATOR_PASSWORD, Options, TestServer, authed, expect_code,
    fixtures::new_user,
    json,
    mailstore::{Imap, deliver, doveadm_settings, dovecot_store, leak, message, start_on_store},
    matrix::{self, Outcome, Row, Who, outcome},
    require_server, test_server_var, unique_suffix, violations,
};
use Outcome::{Allowed as A, Denied as D, Unauthenticated as U};

const PASSWORD: &str = "Mail-Pass1";

/// A tenant of its own on a pbm whose store Dovecot reads: an admin and
/// users alice, bob, carol, dave (role user), all with [`PASSWORD`].
struct Mailroom {
    server: TestServer,
    creator: String,
    tenant: String,
    domain: String,
    admin_token: String,
    imap: String,
    lmtp: String,
    /// A tag unique to this test, put in subjects.
    tag: String,
}

impl Mailroom {
    async fn open(extra: &[(&'static str, &'static str)]) -> Option<Self> {
        let (dir, store) = dovecot_store()?;
        let mut settings = doveadm_settings()?;
        settings.extend_from_slice(extra);
        let imap = require_server("PBM_TEST_DOVECOT_IMAP_PORT", "Dovecot IMAP")?;
        let lmtp = require_server("PBM_TEST_DOVECOT_LMTP_PORT", "Dovecot LMTP")?;
        let server = start_on_store(dir, store, Options { settings, ..Default::default() }).await;
        let creator = server.creator_token().await;
        let suffix = unique_suffix().replace('_', "-");
        let tenant = format!("ml-{suffix}");
        let domain = format!("{tenant}.test");
        server
            .tenants()
            .create_tenant(authed(
                &creator,
                pb::CreateTenantRequest { tenant_id: tenant.clone(), tenant: None, domain: domain.clone() },
            ))
            .await
            .expect("create tenant");
        let mut room = Self {
            server,
            creator,
            tenant,
            domain,
            admin_token: String::new(),
            imap,
            lmtp,
            tag: format!("t{}", suffix.replace('-', "")),
        };
        room.user("admin", pb::Role::Admin).await;
        for name in ["alice", "bob", "carol", "dave"] {
            room.user(name, pb::Role::User).await;
        }
        room.admin_token = room.server.login(&room.addr("admin"), PASSWORD).await.access_token;
        Some(room)
    }

    fn addr(&self, name: &str) -> String {
        format!("{name}@{}", self.domain)
    }

    async fn user(&self, name: &str, role: pb::Role) {
        self.server
            .users()
            .create_user(authed(
                &self.creator,
                pb::CreateUserRequest { user: Some(new_user(&self.tenant, &self.addr(name), PASSWORD, role)) },
            ))
            .await
            .expect("create user");
    }

    async fn token(&self, name: &str) -> String {
        self.server.login(&self.addr(name), PASSWORD).await.access_token
    }

    fn mail(&self) -> MailServiceClient<Channel> {
        MailServiceClient::new(self.server.channel())
    }

    async fn imap(&self, name: &str) -> Imap {
        Imap::login(&self.imap, &self.addr(name), PASSWORD).await
    }

    async fn deliver(&self, to: &[&str], text: &str) {
        let recipients: Vec<String> = to.iter().map(|n| self.addr(n)).collect();
        let recipients: Vec<&str> = recipients.iter().map(String::as_str).collect();
        deliver(&self.lmtp, "sender@external.test", &recipients, text).await;
    }

    /// Every hit of a search, or its error.
    async fn search(&self, token: &str, request: pb::SearchMessagesRequest) -> Result<Vec<pb::MessageHit>, Status> {
        let mut stream = self.mail().search_messages(authed(token, request)).await?.into_inner();
        let mut hits = Vec::new();
        while let Some(hit) = stream.next().await {
            hits.push(hit?);
        }
        Ok(hits)
    }

    async fn close(self) {
        let _ = self
            .server
            .tenants()
            .delete_tenant(authed(
                &self.creator,
                pb::DeleteTenantRequest { tenant_id: self.tenant.clone(), force: true },
            ))
            .await;
    }
}

fn user(owner: &str) -> Option<pb::MailboxOwners> {
    Some(pb::MailboxOwners { owners: Some(pb::mailbox_owners::Owners::User(owner.into())) })
}

fn mask(mask: &str) -> Option<pb::MailboxOwners> {
    Some(pb::MailboxOwners { owners: Some(pb::mailbox_owners::Owners::UserMask(mask.into())) })
}

fn all_users() -> Option<pb::MailboxOwners> {
    Some(pb::MailboxOwners { owners: Some(pb::mailbox_owners::Owners::AllUsers(true)) })
}

fn subject(text: &str) -> Option<pb::MessageQuery> {
    Some(pb::MessageQuery { subject: text.into(), ..Default::default() })
}

fn search(
    owners: Option<pb::MailboxOwners>,
    mailbox: &str,
    query: Option<pb::MessageQuery>,
) -> pb::SearchMessagesRequest {
    pb::SearchMessagesRequest { owners, mailbox: mailbox.into(), query }
}

fn owners_of(hits: &[pb::MessageHit]) -> Vec<String> {
    let mut owners: Vec<String> = hits.iter().map(|h| h.owner.clone()).collect();
    owners.sort();
    owners
}

fn ts(time: chrono::DateTime<chrono::Utc>) -> Option<Timestamp> {
    Some(Timestamp { seconds: time.timestamp(), nanos: 0 })
}

/// The newest audit events of a target.
async fn audit_of(server: &TestServer, token: &str, target: &str) -> Vec<pb::AuditEvent> {
    pb::audit_service_client::AuditServiceClient::new(server.channel())
        .list_audit_events(authed(token, pb::ListAuditEventsRequest { target: target.into(), ..Default::default() }))
        .await
        .expect("audit events")
        .into_inner()
        .events
}

/// The JSON of an audit event's after-state.
fn after(event: &pb::AuditEvent) -> Value {
    fn value(v: &prost_types::Value) -> Value {
        use prost_types::value::Kind;
        match &v.kind {
            Some(Kind::StringValue(s)) => json!(s),
            Some(Kind::NumberValue(n)) => json!(n),
            Some(Kind::BoolValue(b)) => json!(b),
            Some(Kind::StructValue(s)) => Value::Object(s.fields.iter().map(|(k, v)| (k.clone(), value(v))).collect()),
            Some(Kind::ListValue(l)) => Value::Array(l.values.iter().map(value).collect()),
            _ => Value::Null,
        }
    }
    event
        .after
        .as_ref()
        .map_or(Value::Null, |s| Value::Object(s.fields.iter().map(|(k, v)| (k.clone(), value(v))).collect()))
}

#[tokio::test]
async fn search_fetch_and_expunge() {
    let Some(room) = Mailroom::open(&[]).await else { return };
    let tag = room.tag.clone();
    let (alice, bob) = (room.addr("alice"), room.addr("bob"));
    let started = chrono::Utc::now() - chrono::Duration::seconds(5);
    let report_id = format!("<report-{tag}@external.test>");
    room.deliver(
        &["alice"],
        &message(
            "Boss <boss@external.test>",
            &alice,
            &format!("Quarterly report {tag}"),
            &report_id,
            "",
            "Numbers inside.",
        ),
    )
    .await;
    room.deliver(
        &["alice"],
        &message(
            "cook@external.test",
            &alice,
            &format!("Lunch {tag}"),
            &format!("<lunch-{tag}@x.test>"),
            "",
            "Pizza on friday",
        ),
    )
    .await;
    room.deliver(
        &["alice"],
        &message(
            "=?UTF-8?B?0JjQstCw0L0=?= <ivan@external.test>",
            &alice,
            &format!("=?UTF-8?B?0J/RgNC40LLQtdGC?= {tag}"),
            &format!("<hello-{tag}@x.test>"),
            "X-Spam-Flag: YES\r\n",
            "Hi",
        ),
    )
    .await;
    room.deliver(
        &["bob"],
        &message(
            "Boss <boss@external.test>",
            &bob,
            &format!("Quarterly report {tag}"),
            &format!("<report-bob-{tag}@x.test>"),
            "",
            "Numbers.",
        ),
    )
    .await;
    let mut imap = room.imap("alice").await;
    imap.create("Archive").await;
    imap.append(
        "Archive",
        &message("old@external.test", &alice, &format!("Archived {tag}"), &format!("<old-{tag}@x.test>"), "", "Old"),
    )
    .await;
    assert_eq!(imap.select("INBOX").await, Some(3));

    // One owner, by subject: every field of the hit.
    let admin = &room.admin_token;
    let hits = room.search(admin, search(user(&alice), "", subject(&format!("report {tag}")))).await.unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!((hit.owner.as_str(), hit.mailbox.as_str()), (alice.as_str(), "INBOX"));
    assert_eq!(hit.mailbox_guid.len(), 32);
    assert!(hit.uid >= 1);
    assert_eq!(hit.message_id, report_id);
    assert_eq!(hit.subject, format!("Quarterly report {tag}"));
    assert_eq!(hit.from, "Boss <boss@external.test>");
    assert!(hit.size > 100, "{}", hit.size);
    assert!(hit.flags.is_empty(), "unread: {:?}", hit.flags);
    let date = hit.date.as_ref().unwrap().seconds;
    assert!((started.timestamp()..=chrono::Utc::now().timestamp() + 5).contains(&date));

    // Decoded subjects and From; header, body, from, to, Message-ID criteria.
    let by = |query: pb::MessageQuery| search(user(&alice), "", Some(query));
    let cyrillic =
        room.search(admin, by(pb::MessageQuery { subject: "Привет".into(), ..Default::default() })).await.unwrap();
    assert_eq!(cyrillic.len(), 1);
    assert_eq!(cyrillic[0].subject, format!("Привет {tag}"));
    assert_eq!(cyrillic[0].from, "Иван <ivan@external.test>");
    let header = pb::HeaderMatch { name: "X-Spam-Flag".into(), value: "YES".into() };
    let spam = room.search(admin, by(pb::MessageQuery { header: Some(header), ..Default::default() })).await.unwrap();
    assert_eq!(spam.iter().map(|h| h.subject.as_str()).collect::<Vec<_>>(), [format!("Привет {tag}")]);
    let pizza = room.search(admin, by(pb::MessageQuery { body: "pizza".into(), ..Default::default() })).await.unwrap();
    assert_eq!(pizza.iter().map(|h| h.subject.as_str()).collect::<Vec<_>>(), [format!("Lunch {tag}")]);
    let cook = room.search(admin, by(pb::MessageQuery { from: "cook@".into(), ..Default::default() })).await.unwrap();
    assert_eq!(cook.len(), 1);
    let to_alice = room.search(admin, by(pb::MessageQuery { to: alice.clone(), ..Default::default() })).await.unwrap();
    assert_eq!(to_alice.len(), 4, "INBOX and Archive");
    let exact = room
        .search(
            admin,
            by(pb::MessageQuery { message_id: report_id.trim_matches(['<', '>']).into(), ..Default::default() }),
        )
        .await
        .unwrap();
    assert_eq!(exact.len(), 1);
    // Received-date range and seen state.
    let recent = pb::MessageQuery { since: ts(started), to: alice.clone(), ..Default::default() };
    assert_eq!(room.search(admin, by(recent)).await.unwrap().len(), 4);
    let old = pb::MessageQuery { before: ts(started), to: alice.clone(), ..Default::default() };
    assert!(room.search(admin, by(old)).await.unwrap().is_empty());
    imap.mark_seen(hit.uid).await;
    let seen = room
        .search(admin, by(pb::MessageQuery { seen: Some(true), to: alice.clone(), ..Default::default() }))
        .await
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].flags, ["\\Seen"]);
    let unseen = pb::MessageQuery { seen: Some(false), to: alice.clone(), ..Default::default() };
    assert_eq!(room.search(admin, by(unseen)).await.unwrap().len(), 3);
    // One folder.
    let archived = room.search(admin, search(user(&alice), "Archive", subject(&tag))).await.unwrap();
    assert_eq!(archived.iter().map(|h| h.mailbox.as_str()).collect::<Vec<_>>(), ["Archive"]);
    expect_code(room.search(admin, search(user(&alice), "Nope", subject(&tag))).await, Code::NotFound);
    expect_code(room.search(admin, search(user(&room.addr("nobody")), "", subject(&tag))).await, Code::NotFound);

    // Masks (the admin's `*` is the tenant), and all users (superadmin).
    let domain_mask = room
        .search(admin, search(mask(&format!("*@{}", room.domain)), "", subject(&format!("report {tag}"))))
        .await
        .unwrap();
    assert_eq!(owners_of(&domain_mask), [alice.clone(), bob.clone()]);
    let star = room.search(admin, search(mask("*"), "", subject(&format!("report {tag}")))).await.unwrap();
    assert_eq!(owners_of(&star), [alice.clone(), bob.clone()]);
    let question = room.search(admin, search(mask("b?b"), "", subject(&tag))).await.unwrap();
    assert_eq!(owners_of(&question), std::slice::from_ref(&bob));
    let everyone =
        room.search(&room.creator, search(all_users(), "", subject(&format!("report {tag}")))).await.unwrap();
    assert_eq!(owners_of(&everyone), [alice.clone(), bob.clone()]);

    // Fetch: text, headers, body by mailbox GUID and UID.
    let fetch = |part: pb::MessagePart, uids: Vec<u32>| pb::FetchMessagesRequest {
        owner: alice.clone(),
        mailbox_guid: hit.mailbox_guid.clone(),
        uids,
        part: part as i32,
    };
    let fetched = |request: pb::FetchMessagesRequest| async {
        let mut stream = room.mail().fetch_messages(authed(admin, request)).await?.into_inner();
        let mut all = Vec::new();
        while let Some(m) = stream.next().await {
            all.push(m?);
        }
        Ok::<_, Status>(all)
    };
    let text = fetched(fetch(pb::MessagePart::Text, vec![hit.uid])).await.unwrap();
    assert_eq!(text.len(), 1);
    let text = String::from_utf8(text[0].content.clone()).unwrap();
    assert!(text.contains(&format!("Subject: Quarterly report {tag}")) && text.contains("Numbers inside."), "{text}");
    let headers =
        String::from_utf8(fetched(fetch(pb::MessagePart::Headers, vec![hit.uid])).await.unwrap()[0].content.clone())
            .unwrap();
    assert!(headers.contains("Message-ID:") && !headers.contains("Numbers inside."), "{headers}");
    let body =
        String::from_utf8(fetched(fetch(pb::MessagePart::Body, vec![hit.uid])).await.unwrap()[0].content.clone())
            .unwrap();
    assert!(body.contains("Numbers inside.") && !body.contains("Subject:"), "{body}");
    let both = fetched(fetch(pb::MessagePart::Text, vec![1, 2, 3])).await.unwrap();
    assert_eq!(both.iter().map(|m| m.uid).collect::<Vec<_>>(), [1, 2, 3]);
    expect_code(fetched(fetch(pb::MessagePart::Text, vec![999])).await, Code::NotFound);
    let mut unknown = fetch(pb::MessagePart::Text, vec![1]);
    unknown.mailbox_guid = "0123456789abcdef0123456789abcdef".into();
    expect_code(fetched(unknown).await, Code::NotFound);

    // Expunge: a dry run reports and removes nothing; then for real.
    let expunge = |dry_run: bool| pb::ExpungeMessagesRequest {
        owners: user(&alice),
        mailbox: "INBOX".into(),
        query: Some(pb::MessageQuery { from: "external.test".into(), subject: tag.clone(), ..Default::default() }),
        dry_run,
    };
    let dry = room.mail().expunge_messages(authed(admin, expunge(true))).await.unwrap().into_inner();
    assert_eq!((dry.total, dry.dry_run), (3, true));
    assert_eq!(dry.folders.len(), 1);
    assert_eq!(
        (dry.folders[0].owner.as_str(), dry.folders[0].mailbox.as_str(), dry.folders[0].count),
        (alice.as_str(), "INBOX", 3)
    );
    assert_eq!(imap.select("INBOX").await, Some(3), "a dry run removes nothing");
    let done = room.mail().expunge_messages(authed(admin, expunge(false))).await.unwrap().into_inner();
    assert_eq!((done.total, done.dry_run), (3, false));
    assert_eq!(imap.select("INBOX").await, Some(0), "expunged over IMAP too");
    assert_eq!(imap.select("Archive").await, Some(1), "other folders untouched");
    assert!(room.search(admin, search(user(&alice), "INBOX", subject(&tag))).await.unwrap().is_empty());
    // Over a mask: bob's copy, for the superadmin.
    let mask_expunge = pb::ExpungeMessagesRequest {
        owners: mask(&format!("*@{}", room.domain)),
        mailbox: String::new(),
        query: subject(&format!("report {tag}")),
        dry_run: false,
    };
    let done_mask = room.mail().expunge_messages(authed(&room.creator, mask_expunge)).await.unwrap().into_inner();
    assert_eq!(done_mask.total, 1);
    assert_eq!(done_mask.folders[0].owner, bob);

    // Audited with the query and the counts.
    let events = audit_of(&room.server, &room.creator, &format!("mailbox:{alice}")).await;
    let expunges: Vec<Value> = events.iter().filter(|e| e.rpc.ends_with("/ExpungeMessages")).map(after).collect();
    assert_eq!(expunges.len(), 2, "{expunges:?}");
    assert_eq!(expunges[0]["dry_run"], json!(false));
    assert_eq!(expunges[0]["total"], json!(3.0));
    assert_eq!(expunges[0]["query"]["subject"], json!(tag));
    assert_eq!(expunges[1]["dry_run"], json!(true));
    assert!(events.iter().any(|e| e.rpc.ends_with("/FetchMessages") && e.tenant_id == room.tenant));
    room.close().await;
}

#[tokio::test]
async fn recall_keeps_read_copies_unless_forced() {
    let Some(room) = Mailroom::open(&[("psn/common/force_revoke", "true")]).await else { return };
    let tag = room.tag.clone();
    let alice = room.addr("alice");
    let id = format!("<recall-{tag}@{}>", room.domain);
    room.deliver(
        &["bob", "carol", "dave"],
        &message(&format!("Alice <{alice}>"), "team", &format!("Oops {tag}"), &id, "", "Sent too early"),
    )
    .await;
    let mut bob = room.imap("bob").await;
    bob.select("INBOX").await;
    let read = bob.uid_search("ALL").await;
    bob.mark_seen(read[0]).await;

    // The guide's curl, as printed (§2.16.4.1): force=0, notify=1.
    let emails = format!("[\"{}\", \"{}\", \"{}\"]", room.addr("bob"), room.addr("carol"), room.addr("eve"));
    let (code, body) = json(
        room.server
            .http
            .post(room.server.url("/v2/actions/expunge"))
            .bearer_auth(&room.admin_token)
            .form(&[("messageid", id.as_str()), ("emails", emails.as_str()), ("force", "0"), ("notify", "1")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["success"], json!(true));
    assert_eq!(body["notified"], json!(true));
    assert_eq!(
        body["results"],
        json!([
            {"email": room.addr("bob"), "result": "read_kept", "recalled": 0, "kept": 1},
            {"email": room.addr("carol"), "result": "recalled", "recalled": 1, "kept": 0},
            {"email": room.addr("eve"), "result": "not_found", "recalled": 0, "kept": 0},
        ])
    );
    assert_eq!(bob.select("INBOX").await, Some(1), "the read copy stays");
    let mut carol = room.imap("carol").await;
    assert_eq!(carol.select("INBOX").await, Some(0), "the unread copy is gone");

    // The report reached the requester's INBOX.
    let mut admin_box = room.imap("admin").await;
    admin_box.select("INBOX").await;
    let reports = admin_box.uid_search(&format!("SUBJECT {}", crate::common::mailstore::quoted(&id))).await;
    assert_eq!(reports.len(), 1);
    let (lines, _) = admin_box.command(&format!("UID FETCH {} BODY[TEXT]", reports[0])).await;
    let text = lines.join("\n");
    assert!(text.contains(&format!("{}: already read, kept", room.addr("bob"))), "{text}");
    assert!(text.contains(&format!("{}: recalled", room.addr("carol"))), "{text}");

    // force=1 (allowed here by psn/common/force_revoke), notify=0, over gRPC.
    let forced = room
        .mail()
        .recall_message(authed(
            &room.admin_token,
            pb::RecallMessageRequest {
                message_id: id.clone(),
                mailboxes: vec![room.addr("bob"), room.addr("dave")],
                force: true,
                notify: Some(false),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(!forced.notified);
    let outcomes: Vec<(i32, i32)> = forced.results.iter().map(|r| (r.outcome, r.recalled)).collect();
    assert_eq!(outcomes, [(pb::RecallOutcome::Recalled as i32, 1), (pb::RecallOutcome::Recalled as i32, 1)]);
    assert_eq!(bob.select("INBOX").await, Some(0), "forced: the read copy is gone too");
    let mut dave = room.imap("dave").await;
    assert_eq!(dave.select("INBOX").await, Some(0));

    // A user recalls only messages From them.
    let own = format!("<own-{tag}@{}>", room.domain);
    let forged = format!("<forged-{tag}@{}>", room.domain);
    room.deliver(&["bob"], &message(&alice, &room.addr("bob"), "Mine", &own, "", "x")).await;
    room.deliver(&["bob"], &message("mallory@external.test", &room.addr("bob"), "Not mine", &forged, "", "x")).await;
    let alice_token = room.token("alice").await;
    let recall = |message_id: &str| pb::RecallMessageRequest {
        message_id: message_id.into(),
        mailboxes: vec![room.addr("bob")],
        force: false,
        notify: Some(false),
    };
    let mine = room.mail().recall_message(authed(&alice_token, recall(&own))).await.unwrap().into_inner();
    assert_eq!(mine.results[0].outcome, pb::RecallOutcome::Recalled as i32);
    let theirs = room.mail().recall_message(authed(&alice_token, recall(&forged))).await.unwrap().into_inner();
    assert_eq!(theirs.results[0].outcome, pb::RecallOutcome::NotFound as i32);
    assert_eq!(bob.select("INBOX").await, Some(1), "the message From someone else stays");
    let mut outside = recall(&own);
    outside.mailboxes = vec!["someone@other-tenant.test".into()];
    expect_code(room.mail().recall_message(authed(&alice_token, outside)).await, Code::PermissionDenied);

    // Audited with the counts.
    let events = audit_of(&room.server, &room.creator, &format!("message:{id}")).await;
    let recalls: Vec<Value> = events.iter().filter(|e| e.rpc.ends_with("/RecallMessage")).map(after).collect();
    assert_eq!(recalls.len(), 2, "{recalls:?}");
    assert_eq!((recalls[1]["recalled"].clone(), recalls[1]["kept"].clone()), (json!(1.0), json!(1.0)));
    assert_eq!(recalls[1]["force"], json!(false));
    assert_eq!(recalls[0]["recalled"], json!(2.0));
    room.close().await;
}

/// A stand-in for Dovecot that counts the connections it gets.
async fn canary() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/doveadm/v1", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (url, count)
}

#[tokio::test]
async fn recall_obeys_its_settings() {
    let (url, contacted) = canary().await;
    let server = TestServer::start_with(Options {
        settings: vec![("services/doveadm/url", leak(url)), ("psn/common/revoke_email", "false")],
        ..Default::default()
    })
    .await;
    let creator = server.creator_token().await;
    let recall = |force: bool| pb::RecallMessageRequest {
        message_id: "<x@example.com>".into(),
        mailboxes: vec!["creator@example.com".into()],
        force,
        notify: None,
    };
    let mail = MailServiceClient::new(server.channel());
    let off = expect_code(mail.clone().recall_message(authed(&creator, recall(false))).await, Code::FailedPrecondition);
    assert!(off.message().contains("psn/common/revoke_email"), "{off:?}");
    let (code, body) = json(
        server
            .http
            .post(server.url("/v2/actions/expunge"))
            .bearer_auth(&creator)
            .form(&[("messageid", "<x@example.com>"), ("emails", "[\"creator@example.com\"]")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 422, "{body}");
    // Recall on, force without psn/common/force_revoke: refused; settings are live.
    pb::settings_service_client::SettingsServiceClient::new(server.channel())
        .put_setting(authed(
            &creator,
            pb::PutSettingRequest { key: "psn/common/revoke_email".into(), value: "true".into() },
        ))
        .await
        .unwrap();
    let forced =
        expect_code(mail.clone().recall_message(authed(&creator, recall(true))).await, Code::FailedPrecondition);
    assert!(forced.message().contains("psn/common/force_revoke"), "{forced:?}");
    assert_eq!(contacted.load(Ordering::SeqCst), 0, "refused before reaching the mail store");
    // Allowed now: it reaches the mail store (the canary hangs up: UNAVAILABLE).
    expect_code(mail.clone().recall_message(authed(&creator, recall(false))).await, Code::Unavailable);
    assert!(contacted.load(Ordering::SeqCst) > 0);
    // The legacy parameters: cmd, flags, required values.
    let post = |form: &[(&str, &str)]| {
        server.http.post(server.url("/v2/actions/expunge")).bearer_auth(&creator).form(form).send()
    };
    let (code, body) = json(post(&[("emails", "[\"creator@example.com\"]")]).await.unwrap()).await;
    assert_eq!((code, body), (400, json!({"message": {"messageid": "messageid is a required value"}})));
    let (code, body) = json(post(&[("messageid", "<x@y>")]).await.unwrap()).await;
    assert_eq!((code, body), (400, json!({"message": {"emails": "emails is a required value"}})));
    let (code, body) =
        json(post(&[("cmd", "delete"), ("messageid", "<x@y>"), ("emails", "a@example.com")]).await.unwrap()).await;
    assert_eq!((code, body["message"]["cmd"].clone()), (400, json!("cmd must be expunge")));
    let (code, _) =
        json(post(&[("messageid", "<x@y>"), ("emails", "a@example.com"), ("force", "2")]).await.unwrap()).await;
    assert_eq!(code, 400);
    let (code, _) =
        json(post(&[("messageid", "<x@y>"), ("emails", "a@example.com"), ("colour", "red")]).await.unwrap()).await;
    assert_eq!(code, 400);
    let (code, _) =
        json(server.http.post(server.url("/v2/actions/expunge")).form(&[("messageid", "<x@y>")]).send().await.unwrap())
            .await;
    assert_eq!(code, 401);
}

#[tokio::test]
async fn bad_input_never_reaches_dovecot() {
    let (url, contacted) = canary().await;
    let server =
        TestServer::start_with(Options { settings: vec![("services/doveadm/url", leak(url))], ..Default::default() })
            .await;
    let creator = server.creator_token().await;
    let mail = || MailServiceClient::new(server.channel());
    let owner = "creator@example.com";
    let searches = [
        (search(user(owner), "", None), "query"),
        (search(user(owner), "", Some(pb::MessageQuery::default())), "query"),
        (search(None, "", subject("x")), "owners"),
        (search(user("not an address"), "", subject("x")), "owners.user"),
        (search(mask("*@*;rm"), "", subject("x")), "owners.user_mask"),
        (search(mask("../*"), "", subject("x")), "owners.user_mask"),
        (search(user(owner), "INBOX*", subject("x")), "mailbox"),
        (search(user(owner), "%", subject("x")), "mailbox"),
        (search(user(owner), "../../etc", subject("x")), "mailbox"),
        (search(user(owner), "INBOX/../../x", subject("x")), "mailbox"),
        (search(user(owner), "/INBOX", subject("x")), "mailbox"),
        (search(user(owner), "~vmail/Maildir", subject("x")), "mailbox"),
        (search(user(owner), "shared/bob@example.com/INBOX", subject("x")), "mailbox"),
        (search(user(owner), "", subject("a\r\nb")), "query.subject"),
        (search(user(owner), "", subject("   ")), "query.subject"),
        (
            search(
                user(owner),
                "",
                Some(pb::MessageQuery {
                    header: Some(pb::HeaderMatch { name: "X:Y".into(), value: "1".into() }),
                    ..Default::default()
                }),
            ),
            "query.header.name",
        ),
        (
            search(user(owner), "", Some(pb::MessageQuery { message_id: "<a b>".into(), ..Default::default() })),
            "query.message_id",
        ),
    ];
    for (request, field) in searches {
        let status = expect_code(
            mail().search_messages(authed(&creator, request.clone())).await.map(|_| ()),
            Code::InvalidArgument,
        );
        assert!(violations(&status).iter().any(|(f, _)| f == field), "{request:?}: {status:?}");
        let expunge = pb::ExpungeMessagesRequest {
            owners: request.owners,
            mailbox: request.mailbox,
            query: request.query,
            dry_run: true,
        };
        expect_code(mail().expunge_messages(authed(&creator, expunge)).await, Code::InvalidArgument);
    }
    let fetch = |guid: &str, uids: Vec<u32>, part: i32| pb::FetchMessagesRequest {
        owner: owner.into(),
        mailbox_guid: guid.into(),
        uids,
        part,
    };
    let guid = "0123456789abcdef0123456789abcdef";
    for request in [
        fetch("nope", vec![1], 1),
        fetch(guid, vec![], 1),
        fetch(guid, vec![0], 1),
        fetch(guid, vec![1], 0),
        fetch(guid, vec![1], 9),
        fetch(guid, (1..=1001).collect(), 1),
    ] {
        expect_code(mail().fetch_messages(authed(&creator, request)).await.map(|_| ()), Code::InvalidArgument);
    }
    let acl = |mailbox: &str, grantee: &str, rights: Vec<i32>| pb::SetMailboxAclRequest {
        owner: owner.into(),
        mailbox: mailbox.into(),
        grantee: grantee.into(),
        rights,
    };
    for (request, field) in [
        (acl("INBOX", "bob@example.com", vec![42]), "rights"),
        (acl("INBOX", "bob@example.com", vec![0]), "rights"),
        (acl("INBOX", "bob@example.com", vec![]), "rights"),
        (acl("INBOX*", "bob@example.com", vec![1]), "mailbox"),
        (acl("../x", "bob@example.com", vec![1]), "mailbox"),
        (acl("", "bob@example.com", vec![1]), "mailbox"),
        (acl("INBOX", owner, vec![1]), "grantee"),
        (acl("INBOX", "*", vec![1]), "grantee"),
    ] {
        let status =
            expect_code(mail().set_mailbox_acl(authed(&creator, request.clone())).await, Code::InvalidArgument);
        assert!(violations(&status).iter().any(|(f, _)| f == field), "{request:?}: {status:?}");
    }
    expect_code(
        mail()
            .get_mailbox_acl(authed(
                &creator,
                pb::GetMailboxAclRequest { owner: owner.into(), mailbox: "a/./b".into() },
            ))
            .await,
        Code::InvalidArgument,
    );
    expect_code(
        mail()
            .delete_mailbox_acl(authed(
                &creator,
                pb::DeleteMailboxAclRequest { owner: owner.into(), mailbox: "INBOX".into(), grantee: String::new() },
            ))
            .await,
        Code::InvalidArgument,
    );
    expect_code(
        mail().get_mailbox_quota(authed(&creator, pb::GetMailboxQuotaRequest { owner: "*".into() })).await,
        Code::InvalidArgument,
    );
    let recall = |id: &str, mailboxes: Vec<String>| pb::RecallMessageRequest {
        message_id: id.into(),
        mailboxes,
        force: false,
        notify: Some(false),
    };
    for request in [
        recall("", vec![owner.into()]),
        recall("<a b@c>", vec![owner.into()]),
        recall("<a@b>", vec![]),
        recall("<a@b>", vec!["*@example.com".into()]),
    ] {
        expect_code(mail().recall_message(authed(&creator, request)).await, Code::InvalidArgument);
    }
    assert_eq!(contacted.load(Ordering::SeqCst), 0, "nothing reached the mail store");
    // A good request does reach it.
    expect_code(
        mail().get_mailbox_quota(authed(&creator, pb::GetMailboxQuotaRequest { owner: owner.into() })).await,
        Code::Unavailable,
    );
    assert_eq!(contacted.load(Ordering::SeqCst), 1);
    // No mail store configured at all.
    let bare = TestServer::start().await;
    let token = bare.creator_token().await;
    let status = expect_code(
        MailServiceClient::new(bare.channel())
            .get_mailbox_quota(authed(&token, pb::GetMailboxQuotaRequest { owner: owner.into() }))
            .await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("services/doveadm/url"), "{status:?}");
}

#[tokio::test]
async fn sharing_a_folder() {
    let Some(room) = Mailroom::open(&[]).await else { return };
    let (alice, bob) = (room.addr("alice"), room.addr("bob"));
    room.deliver(
        &["alice"],
        &message("x@external.test", &alice, &format!("Shared {}", room.tag), &format!("<s-{}@x>", room.tag), "", "x"),
    )
    .await;
    let shared = format!("shared/{alice}/INBOX");
    let mut bob_imap = room.imap("bob").await;
    assert_eq!(bob_imap.select(&shared).await, None, "not shared yet");

    let set = pb::SetMailboxAclRequest {
        owner: alice.clone(),
        mailbox: "INBOX".into(),
        grantee: bob.clone(),
        rights: vec![
            pb::MailboxRight::Lookup as i32,
            pb::MailboxRight::Read as i32,
            pb::MailboxRight::WriteSeen as i32,
        ],
    };
    let acl = room.mail().set_mailbox_acl(authed(&room.admin_token, set)).await.unwrap().into_inner();
    let entry = acl.entries.iter().find(|e| e.id == format!("user={bob}")).expect("bob's entry");
    assert_eq!(
        entry.rights,
        [pb::MailboxRight::Lookup as i32, pb::MailboxRight::Read as i32, pb::MailboxRight::WriteSeen as i32]
    );
    assert!(!entry.global);
    // The grantee is subscribed and opens the folder over IMAP.
    // Dovecot lists the subscription to another user's INBOX as the owner's
    // folder root, `shared/<owner>`.
    let is_shared = |name: &String| *name == shared || *name == format!("shared/{alice}");
    let mut bob_imap = room.imap("bob").await;
    let subscribed = bob_imap.subscribed().await;
    assert!(subscribed.iter().any(is_shared), "{subscribed:?}");
    assert_eq!(bob_imap.select(&shared).await, Some(1));
    let got = room
        .mail()
        .get_mailbox_acl(authed(
            &room.admin_token,
            pb::GetMailboxAclRequest { owner: alice.clone(), mailbox: "inbox".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((got.owner.as_str(), got.mailbox.as_str()), (alice.as_str(), "INBOX"));
    assert!(got.entries.iter().any(|e| e.id == format!("user={bob}")));

    // Removed: the grantee can no longer open it, nor is subscribed.
    let delete = || pb::DeleteMailboxAclRequest { owner: alice.clone(), mailbox: "INBOX".into(), grantee: bob.clone() };
    room.mail().delete_mailbox_acl(authed(&room.admin_token, delete())).await.unwrap();
    let mut bob_imap = room.imap("bob").await;
    assert_eq!(bob_imap.select(&shared).await, None);
    let subscribed = bob_imap.subscribed().await;
    assert!(!subscribed.iter().any(is_shared), "{subscribed:?}");
    expect_code(room.mail().delete_mailbox_acl(authed(&room.admin_token, delete())).await, Code::NotFound);
    // A folder that does not exist.
    let missing = pb::SetMailboxAclRequest {
        owner: alice.clone(),
        mailbox: "Nope".into(),
        grantee: bob.clone(),
        rights: vec![1],
    };
    expect_code(room.mail().set_mailbox_acl(authed(&room.admin_token, missing)).await, Code::NotFound);
    let events = audit_of(&room.server, &room.creator, &format!("mailbox:{alice}/INBOX")).await;
    let rpcs: Vec<&str> = events.iter().map(|e| e.rpc.rsplit('/').next().unwrap()).collect();
    assert_eq!(rpcs, ["DeleteMailboxAcl", "DeleteMailboxAcl", "SetMailboxAcl"]);
    assert_eq!(events[2].result, "OK");
    assert_eq!(events[0].result, "NOT_FOUND");
    room.close().await;
}

#[tokio::test]
async fn quota_equals_imap_getquotaroot() {
    let Some(room) = Mailroom::open(&[]).await else { return };
    let carol = room.addr("carol");
    // 3 MiB through pbm: Dovecot's limit.
    room.server
        .users()
        .update_user(authed(
            &room.creator,
            pb::UpdateUserRequest {
                user: Some(pb::User {
                    tenant_id: room.tenant.clone(),
                    mail: carol.clone(),
                    quota_bytes: Some(3 << 20),
                    ..Default::default()
                }),
                update_mask: Some(prost_types::FieldMask { paths: vec!["quota_bytes".into()] }),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    let big = "x".repeat(70) + "\r\n";
    room.deliver(&["carol"], &message("x@external.test", &carol, "Big", "<big@x>", "", &big.repeat(1500))).await;
    room.deliver(&["carol"], &message("x@external.test", &carol, "Small", "<small@x>", "", "x")).await;
    let quota = room
        .mail()
        .get_mailbox_quota(authed(&room.admin_token, pb::GetMailboxQuotaRequest { owner: carol.clone() }))
        .await
        .unwrap()
        .into_inner();
    let mut imap = room.imap("carol").await;
    let (used_kib, limit_kib) = imap.quota_root_storage().await.expect("a STORAGE quota");
    assert_eq!(quota.owner, carol);
    assert_eq!(quota.storage_limit_bytes, Some(3 << 20));
    assert_eq!(quota.storage_limit_bytes, Some(limit_kib as i64 * 1024));
    assert_eq!(quota.storage_used_bytes, used_kib as i64 * 1024);
    assert!(quota.storage_used_bytes >= 100 * 1024, "{quota:?}");
    assert_eq!(quota.messages_used, 2);
    assert_eq!(quota.messages_limit, None);
    // A user reads their own quota, not another's.
    let carol_token = room.token("carol").await;
    let own = room
        .mail()
        .get_mailbox_quota(authed(&carol_token, pb::GetMailboxQuotaRequest { owner: carol.clone() }))
        .await
        .unwrap();
    assert_eq!(own.into_inner().storage_used_bytes, quota.storage_used_bytes);
    expect_code(
        room.mail()
            .get_mailbox_quota(authed(&carol_token, pb::GetMailboxQuotaRequest { owner: room.addr("bob") }))
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        room.mail()
            .get_mailbox_quota(authed(&room.admin_token, pb::GetMailboxQuotaRequest { owner: room.addr("nobody") }))
            .await,
        Code::NotFound,
    );
    room.close().await;
}

/// The MailService RPCs (see `common::matrix`): superadmin, admin of the
/// tenant, admin of another tenant, user of the tenant, no token.
pub const ROWS: &[Row] = &[
    ("SearchMessages", [A, A, D, D, U]),
    ("SearchMessages all users", [A, D, D, D, U]),
    ("FetchMessages", [A, A, D, D, U]),
    ("ExpungeMessages", [A, A, D, D, U]),
    ("RecallMessage", [A, A, D, A, U]),
    ("SetMailboxAcl", [A, A, D, D, U]),
    ("GetMailboxAcl", [A, A, D, D, U]),
    ("DeleteMailboxAcl", [A, A, D, D, U]),
    ("GetMailboxQuota", [A, A, D, D, U]),
    ("GetMailboxQuota own", [A, A, D, A, U]),
];

/// Every cell of [`ROWS`]; then the superadmin's, the admin's and the other
/// admin's cells again with API keys standing for them (an installation-wide
/// key and tenants' keys, each with every scope it may hold).
#[tokio::test]
async fn authorization_of_every_rpc() {
    let Some(room) = Mailroom::open(&[]).await else { return };
    // Another tenant with its admin, on the same pbm (tokens are per installation).
    let other_tenant = format!("{}-o", room.tenant);
    room.server
        .tenants()
        .create_tenant(authed(
            &room.creator,
            pb::CreateTenantRequest {
                tenant_id: other_tenant.clone(),
                tenant: None,
                domain: format!("{other_tenant}.test"),
            },
        ))
        .await
        .unwrap();
    let other_admin = format!("admin@{other_tenant}.test");
    room.server
        .users()
        .create_user(authed(
            &room.creator,
            pb::CreateUserRequest { user: Some(new_user(&other_tenant, &other_admin, PASSWORD, pb::Role::Admin)) },
        ))
        .await
        .unwrap();
    let other_token = room.server.login(&other_admin, PASSWORD).await.access_token;
    let (alice, bob) = (room.addr("alice"), room.addr("bob"));
    let id = format!("<authz-{}@x>", room.tag);
    room.deliver(
        &["alice", "bob"],
        &message(&format!("<{alice}>"), &bob, &format!("Authz {}", room.tag), &id, "", "x"),
    )
    .await;
    let guid = room.search(&room.admin_token, search(user(&alice), "INBOX", subject(&room.tag))).await.unwrap()[0]
        .mailbox_guid
        .clone();
    let alice_token = room.token("alice").await;
    // People first, then API keys standing for them (see `matrix::check_keys`).
    let keys = crate::service_accounts::keys_for_matrix(&room.server, &room.creator, &room.tenant, &other_tenant).await;
    let keyed = std::cell::Cell::new(false);
    let tokens = |who: Who| -> Option<String> {
        match (who, keyed.get()) {
            (Who::Superadmin, true) => Some(keys[0].clone()),
            (Who::Admin, true) => Some(keys[1].clone()),
            (Who::OtherAdmin, true) => Some(keys[2].clone()),
            (Who::Superadmin, false) => Some(room.creator.clone()),
            (Who::Admin, false) => Some(room.admin_token.clone()),
            (Who::OtherAdmin, false) => Some(other_token.clone()),
            (Who::User, _) => Some(alice_token.clone()),
            (Who::Nobody, _) => None,
        }
    };
    let collect = |result: Result<tonic::Response<tonic::Streaming<pb::MessageHit>>, Status>| async {
        let mut stream = result?.into_inner();
        while let Some(item) = stream.next().await {
            item?;
        }
        Ok::<_, Status>(())
    };
    let mail = || room.mail();
    let mut run = |rpc: &'static str, who: Who| {
        let (alice, bob, guid, tokens, collect, mail, room) = (&alice, &bob, &guid, &tokens, &collect, &mail, &room);
        async move {
            match rpc {
                "SearchMessages" => outcome(
                    collect(
                        mail()
                            .search_messages(matrix::request(
                                tokens(who).as_deref(),
                                search(user(bob), "", subject(&room.tag)),
                            ))
                            .await,
                    )
                    .await,
                ),
                "SearchMessages all users" => outcome(
                    collect(
                        mail()
                            .search_messages(matrix::request(
                                tokens(who).as_deref(),
                                search(all_users(), "", subject(&room.tag)),
                            ))
                            .await,
                    )
                    .await,
                ),
                "FetchMessages" => outcome(
                    mail()
                        .fetch_messages(matrix::request(
                            tokens(who).as_deref(),
                            pb::FetchMessagesRequest {
                                owner: alice.clone(),
                                mailbox_guid: guid.clone(),
                                uids: vec![1],
                                part: 1,
                            },
                        ))
                        .await,
                ),
                "ExpungeMessages" => outcome(
                    mail()
                        .expunge_messages(matrix::request(
                            tokens(who).as_deref(),
                            pb::ExpungeMessagesRequest {
                                owners: user(bob),
                                mailbox: String::new(),
                                query: subject(&room.tag),
                                dry_run: true,
                            },
                        ))
                        .await,
                ),
                "RecallMessage" => outcome(
                    mail()
                        .recall_message(matrix::request(
                            tokens(who).as_deref(),
                            pb::RecallMessageRequest {
                                message_id: format!("<none-{}@x>", room.tag),
                                mailboxes: vec![bob.clone()],
                                force: false,
                                notify: Some(false),
                            },
                        ))
                        .await,
                ),
                "SetMailboxAcl" => outcome(
                    mail()
                        .set_mailbox_acl(matrix::request(
                            tokens(who).as_deref(),
                            pb::SetMailboxAclRequest {
                                owner: alice.clone(),
                                mailbox: "INBOX".into(),
                                grantee: bob.clone(),
                                rights: vec![1],
                            },
                        ))
                        .await,
                ),
                "GetMailboxAcl" => outcome(
                    mail()
                        .get_mailbox_acl(matrix::request(
                            tokens(who).as_deref(),
                            pb::GetMailboxAclRequest { owner: alice.clone(), mailbox: "INBOX".into() },
                        ))
                        .await,
                ),
                "DeleteMailboxAcl" => {
                    mail()
                        .set_mailbox_acl(authed(
                            &room.creator,
                            pb::SetMailboxAclRequest {
                                owner: alice.clone(),
                                mailbox: "INBOX".into(),
                                grantee: bob.clone(),
                                rights: vec![1],
                            },
                        ))
                        .await
                        .unwrap();
                    outcome(
                        mail()
                            .delete_mailbox_acl(matrix::request(
                                tokens(who).as_deref(),
                                pb::DeleteMailboxAclRequest {
                                    owner: alice.clone(),
                                    mailbox: "INBOX".into(),
                                    grantee: bob.clone(),
                                },
                            ))
                            .await,
                    )
                }
                "GetMailboxQuota" => outcome(
                    mail()
                        .get_mailbox_quota(matrix::request(
                            tokens(who).as_deref(),
                            pb::GetMailboxQuotaRequest { owner: bob.clone() },
                        ))
                        .await,
                ),
                "GetMailboxQuota own" => outcome(
                    mail()
                        .get_mailbox_quota(matrix::request(
                            tokens(who).as_deref(),
                            pb::GetMailboxQuotaRequest { owner: alice.clone() },
                        ))
                        .await,
                ),
                other => unreachable!("{other}"),
            }
        }
    };
    matrix::check(ROWS, &mut run).await;
    keyed.set(true);
    matrix::check_keys(ROWS, &mut run).await;
    // Nothing was removed by the refused calls.
    assert_eq!(room.search(&room.creator, search(user(&bob), "", subject(&room.tag))).await.unwrap().len(), 1);

    // Masks stay inside the caller's tenant: `*` of the other admin finds
    // nothing of ours, a mask naming our domain is refused, all users too.
    let theirs = room.search(&other_token, search(mask("*"), "", subject(&room.tag))).await.unwrap();
    assert!(theirs.is_empty(), "{theirs:?}");
    let ours = room.search(&other_token, search(mask(&format!("*@{}", room.domain)), "", subject(&room.tag))).await;
    expect_code(ours, Code::PermissionDenied);
    let wide = room.search(&other_token, search(mask("*@*.test"), "", subject(&room.tag))).await.unwrap();
    assert!(wide.is_empty(), "{wide:?}");
    let ours = room.search(&room.admin_token, search(mask("*@*.test"), "", subject(&room.tag))).await.unwrap();
    assert_eq!(owners_of(&ours), [alice.clone(), bob.clone()]);
    let expunge_elsewhere = pb::ExpungeMessagesRequest {
        owners: mask(&format!("*@{}", room.domain)),
        mailbox: String::new(),
        query: subject(&room.tag),
        dry_run: false,
    };
    expect_code(room.mail().expunge_messages(authed(&other_token, expunge_elsewhere)).await, Code::PermissionDenied);
    assert_eq!(
        room.search(&room.creator, search(mask(&format!("*@{}", room.domain)), "", subject(&room.tag)))
            .await
            .unwrap()
            .len(),
        2
    );

    // The same walls through /v2.
    let forbidden = json!({"message": pbm::rest::error::FORBIDDEN_MESSAGE});
    let form = [("messageid", id.as_str()), ("emails", alice.as_str())];
    let (code, body) = json(
        room.server
            .http
            .post(room.server.url("/v2/actions/expunge"))
            .bearer_auth(&other_token)
            .form(&form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((code, body), (403, forbidden));
    assert_eq!(room.search(&room.creator, search(user(&alice), "", subject(&room.tag))).await.unwrap().len(), 1);
    let _ = room
        .server
        .tenants()
        .delete_tenant(authed(&room.creator, pb::DeleteTenantRequest { tenant_id: other_tenant, force: true }))
        .await;
    room.close().await;
}

/// A second, private Dovecot (its own state dir and ports, the fixed
/// passwd-file test users) that one test may stop and start: scripts/servers
/// with a clean environment, so nothing of the shared instance leaks in.
struct PrivateDovecot {
    dir: String,
    offset: String,
}

impl PrivateDovecot {
    fn script(&self, name: &str) -> std::process::Output {
        let root = env!("CARGO_MANIFEST_DIR");
        std::process::Command::new(format!("{root}/scripts/servers/{name}"))
            .arg("dovecot")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PBM_TEST_SERVERS_DIR", &self.dir)
            .env("PBM_TEST_PORT_OFFSET", &self.offset)
            .output()
            .expect("scripts/servers run")
    }

    fn up(&self) {
        let out = self.script("up.sh");
        assert!(
            out.status.success(),
            "up.sh dovecot: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn down(&self) {
        let out = self.script("down.sh");
        assert!(out.status.success(), "down.sh dovecot: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn var(&self, name: &str) -> String {
        let env = std::fs::read_to_string(format!("{}/env", self.dir)).expect("the private env file");
        env.lines()
            .find_map(|l| {
                l.strip_prefix("export ")?
                    .strip_prefix(name)?
                    .strip_prefix('=')
                    .map(|v| v.trim_matches('\'').to_owned())
            })
            .unwrap_or_else(|| panic!("{name} in the private env file"))
    }
}

impl Drop for PrivateDovecot {
    fn drop(&mut self) {
        let _ = self.script("down.sh");
    }
}

#[tokio::test]
async fn dovecot_outage_is_unavailable_while_the_directory_serves() {
    let Some(shared_dir) = require_server("PBM_TEST_SERVERS_DIR", "the test servers") else { return };
    let base: u32 = test_server_var("PBM_TEST_PORT_OFFSET").and_then(|o| o.parse().ok()).unwrap_or(0);
    let dovecot = PrivateDovecot { dir: format!("{shared_dir}/outage"), offset: (base + 50).to_string() };
    dovecot.up();
    let (url, key, lmtp) = (
        dovecot.var("PBM_TEST_DOVEADM_URL"),
        dovecot.var("PBM_TEST_DOVEADM_API_KEY"),
        dovecot.var("PBM_TEST_DOVECOT_LMTP_PORT"),
    );
    let owner = dovecot.var("PBM_TEST_DOVECOT_USER1");
    // An API key this time (empty login), and a short timeout.
    let server = TestServer::start_with(Options {
        settings: vec![
            ("services/doveadm/url", leak(url)),
            ("services/doveadm/login", ""),
            ("services/doveadm/password", leak(key)),
            ("services/doveadm/timeout", "3"),
        ],
        ..Default::default()
    })
    .await;
    let creator = server.creator_token().await;
    let tag = format!("o{}", unique_suffix().replace('_', ""));
    deliver(
        &lmtp,
        "x@external.test",
        &[&owner],
        &message("x@external.test", &owner, &format!("Outage {tag}"), &format!("<{tag}@x>"), "", "x"),
    )
    .await;
    let mail = || MailServiceClient::new(server.channel());
    let quota = || async {
        mail().get_mailbox_quota(authed(&creator, pb::GetMailboxQuotaRequest { owner: owner.clone() })).await
    };
    quota().await.expect("the private Dovecot answers");

    dovecot.down();
    let started = Instant::now();
    let status = expect_code(quota().await, Code::Unavailable);
    assert!(started.elapsed() < Duration::from_secs(3), "UNAVAILABLE within the timeout: {:?}", started.elapsed());
    assert!(!status.message().contains(&owner), "{status:?}");
    let started = Instant::now();
    let searched = async {
        let mut stream =
            mail().search_messages(authed(&creator, search(user(&owner), "", subject(&tag)))).await?.into_inner();
        while let Some(hit) = stream.next().await {
            hit?;
        }
        Ok::<_, Status>(())
    };
    expect_code(searched.await, Code::Unavailable);
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    let (code, body) = json(
        server
            .http
            .post(server.url("/v2/actions/expunge"))
            .bearer_auth(&creator)
            .form(&[("messageid", "<a@b>"), ("emails", owner.as_str())])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 503, "{body}");
    // The directory keeps serving.
    let me = server
        .users()
        .get_user(authed(&creator, pb::GetUserRequest { tenant_id: "default".into(), mail: CREATOR.into() }))
        .await
        .unwrap();
    assert_eq!(me.into_inner().mail, CREATOR);
    server.login(CREATOR, CREATOR_PASSWORD).await;

    dovecot.up();
    let hits = {
        let mut stream = mail()
            .search_messages(authed(&creator, search(user(&owner), "", subject(&tag))))
            .await
            .unwrap()
            .into_inner();
        let mut hits = Vec::new();
        while let Some(hit) = stream.next().await {
            hits.push(hit.unwrap());
        }
        hits
    };
    assert_eq!(hits.len(), 1, "served again once Dovecot is back");
}

#[tokio::test]
async fn a_silent_dovecot_times_out() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/doveadm/v1", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let server = TestServer::start_with(Options {
        settings: vec![("services/doveadm/url", leak(url)), ("services/doveadm/timeout", "1")],
        ..Default::default()
    })
    .await;
    let creator = server.creator_token().await;
    let started = Instant::now();
    let status = expect_code(
        MailServiceClient::new(server.channel())
            .get_mailbox_quota(authed(&creator, pb::GetMailboxQuotaRequest { owner: CREATOR.into() }))
            .await,
        Code::Unavailable,
    );
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3), "{elapsed:?}: {status:?}");
}
