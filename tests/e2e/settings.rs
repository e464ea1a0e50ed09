//! SettingsService without etcd (runtime values in pbm's store): read, put,
//! delete, watch; validation; secrets; live effect on the next request; the
//! `pbm settings` CLI.

use futures::StreamExt as _;
use pbm::pb::{self, settings_service_client::SettingsServiceClient};
use tonic::Code;

use crate::common::{
    CREATOR, CREATOR_PASSWORD, Options, TestServer, authed, expect_code, fixtures::new_user, violations,
};

fn client(server: &TestServer) -> SettingsServiceClient<tonic::transport::Channel> {
    SettingsServiceClient::new(server.channel())
}

#[tokio::test]
async fn get_list_put_delete_with_sources() {
    let server =
        TestServer::start_with(Options { settings: vec![("psn/bruteforce/max_attempts", "7")], ..Default::default() })
            .await;
    let token = server.creator_token().await;
    let mut settings = client(&server);
    let get = |key: &str| pb::GetSettingRequest { key: key.into() };

    let min = settings
        .get_setting(authed(&token, get("psn/common/password_requirements/min_length")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (min.value.as_str(), min.default_value.as_str(), min.source),
        ("6", "6", pb::SettingSource::Default as i32)
    );
    let attempts = settings.get_setting(authed(&token, get("psn/bruteforce/max_attempts"))).await.unwrap().into_inner();
    assert_eq!((attempts.value.as_str(), attempts.source), ("7", pb::SettingSource::File as i32));
    expect_code(settings.get_setting(authed(&token, get("no/such/key"))).await, Code::NotFound);

    let list = settings
        .list_settings(authed(
            &token,
            pb::ListSettingsRequest { prefix: "psn/bruteforce/".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    let keys: Vec<_> = list.settings.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["psn/bruteforce/enabled", "psn/bruteforce/max_attempts", "psn/bruteforce/penalty"]);
    assert_eq!(list.total_size, 3);
    // Every key pages through.
    let mut all = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = settings
            .list_settings(authed(&token, pb::ListSettingsRequest { prefix: String::new(), page_size: 10, page_token }))
            .await
            .unwrap()
            .into_inner();
        all.extend(page.settings.into_iter().map(|s| s.key));
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    assert_eq!(all.len(), pbm::settings::keys::KEYS.len());

    let put = |key: &str, value: &str| pb::PutSettingRequest { key: key.into(), value: value.into() };
    let set =
        settings.put_setting(authed(&token, put("psn/bruteforce/max_attempts", " 12 "))).await.unwrap().into_inner();
    assert_eq!((set.value.as_str(), set.source), ("12", pb::SettingSource::Runtime as i32));
    let deleted = settings
        .delete_setting(authed(&token, pb::DeleteSettingRequest { key: "psn/bruteforce/max_attempts".into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (deleted.value.as_str(), deleted.source),
        ("7", pb::SettingSource::File as i32),
        "back to the file's value"
    );

    // Refused values change nothing.
    for (key, value, field) in [
        ("psn/bruteforce/max_attempts", "0", "value"),
        ("psn/bruteforce/enabled", "maybe", "value"),
        ("psn/common/password_requirements/min_length", "500", "value"),
        ("pbm/common/trusted_proxies", "not-an-ip", "value"),
        ("", "1", "key"),
    ] {
        let status = expect_code(settings.put_setting(authed(&token, put(key, value))).await, Code::InvalidArgument);
        assert_eq!(violations(&status)[0].0, field, "{key}={value}");
    }
    expect_code(settings.put_setting(authed(&token, put("no/such/key", "1"))).await, Code::NotFound);
    let min = settings
        .get_setting(authed(&token, get("psn/common/password_requirements/min_length")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(min.value, "6");
}

#[tokio::test]
async fn secrets_are_never_shown() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let mut settings = client(&server);
    let set = settings
        .put_setting(authed(
            &token,
            pb::PutSettingRequest { key: "services/doveadm/password".into(), value: "hunter2-secret".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((set.value.as_str(), set.secret), ("********", true));
    let listed = settings
        .list_settings(authed(&token, pb::ListSettingsRequest { prefix: "services/".into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner();
    assert!(listed.settings.iter().all(|s| !s.value.contains("hunter2")));
}

#[tokio::test]
async fn a_policy_change_applies_to_the_very_next_request() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let create = |mail: &str, password: &str| pb::CreateUserRequest {
        user: Some(new_user("default", mail, password, pb::Role::User)),
    };
    server.users().create_user(authed(&token, create("before@example.com", "Short1"))).await.unwrap();
    client(&server)
        .put_setting(authed(
            &token,
            pb::PutSettingRequest { key: "psn/common/password_requirements/min_length".into(), value: "10".into() },
        ))
        .await
        .unwrap();
    let status = expect_code(
        server.users().create_user(authed(&token, create("after@example.com", "Short1"))).await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status), [("user.password".into(), "INVALID".into())]);
    server.users().create_user(authed(&token, create("after@example.com", "LongEnough1"))).await.unwrap();

    client(&server)
        .put_setting(authed(
            &token,
            pb::PutSettingRequest { key: "pbm/auth/access_token_expire_time".into(), value: "77".into() },
        ))
        .await
        .unwrap();
    assert_eq!(server.login(CREATOR, CREATOR_PASSWORD).await.expires_in, 77);
}

#[tokio::test]
async fn runtime_values_survive_a_restart() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    client(&server)
        .put_setting(authed(
            &token,
            pb::PutSettingRequest { key: "pbm/auth/access_token_expire_time".into(), value: "99".into() },
        ))
        .await
        .unwrap();
    let store = server.store.clone();
    let data_dir = server.stop().await;
    let server = TestServer::start_with(Options {
        data_dir: Some(data_dir.path().to_owned()),
        store: Some(store),
        ..Default::default()
    })
    .await;
    assert_eq!(server.login(CREATOR, CREATOR_PASSWORD).await.expires_in, 99);
    drop(data_dir);
}

#[tokio::test]
async fn watch_streams_changes() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let mut changes = client(&server)
        .watch_settings(authed(&token, pb::WatchSettingsRequest { prefix: "psn/bruteforce/".into() }))
        .await
        .unwrap()
        .into_inner();
    let mut settings = client(&server);
    settings
        .put_setting(authed(
            &token,
            pb::PutSettingRequest { key: "pbm/auth/access_token_expire_time".into(), value: "100".into() },
        ))
        .await
        .unwrap();
    settings
        .put_setting(authed(&token, pb::PutSettingRequest { key: "psn/bruteforce/penalty".into(), value: "42".into() }))
        .await
        .unwrap();
    let change =
        tokio::time::timeout(std::time::Duration::from_secs(5), changes.next()).await.unwrap().unwrap().unwrap();
    assert_eq!(
        (change.key.as_str(), change.value.as_str()),
        ("psn/bruteforce/penalty", "42"),
        "other prefixes are not streamed"
    );
}

/// Runs `pbm settings ARGS` against `base`, logged in as the creator.
async fn cli(base: &str, args: &[&str]) -> (bool, String, String) {
    let base = base.to_owned();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_pbm"))
            .arg("settings")
            .args(&args)
            .env("PBM_SERVER", &base)
            .env("PBM_LOGIN", CREATOR)
            .env("PBM_PASSWORD", CREATOR_PASSWORD)
            .env_remove("PBM_TOKEN")
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).to_string(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_settings_cli() {
    let server = TestServer::start().await;
    let (ok, out, err) = cli(&server.base, &["put", "psn/bruteforce/penalty", "120"]).await;
    assert!(ok, "{err}");
    assert!(out.starts_with("psn/bruteforce/penalty = 120\t(runtime"), "{out}");
    let (ok, out, _) = cli(&server.base, &["get", "psn/bruteforce/penalty"]).await;
    assert!(ok && out.contains("= 120"), "{out}");
    let (ok, out, _) = cli(&server.base, &["list", "psn/bruteforce/"]).await;
    assert!(ok);
    assert_eq!(out.lines().count(), 3, "{out}");
    let (ok, out, _) = cli(&server.base, &["delete", "psn/bruteforce/penalty"]).await;
    assert!(ok && out.contains("= 300\t(default"), "{out}");
    let (ok, _, err) = cli(&server.base, &["put", "psn/bruteforce/penalty", "soon"]).await;
    assert!(!ok);
    assert!(err.contains("InvalidArgument") && err.contains("value"), "{err}");
}
