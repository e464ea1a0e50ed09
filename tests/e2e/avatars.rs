//! User pictures end to end: uploads over gRPC and `/v2` (raw and multipart),
//! what is stored (a JPEG that fits in 512×512), bad uploads refused with
//! nothing stored, who may, and the picture carried by the backup.

use pbm::pb;
use tonic::Code;

use crate::common::{
    TestServer, authed, expect_code,
    fixtures::{Tenant, USER_PASSWORD},
    json, violations,
};

/// An encoded picture of `width`×`height` in `format`.
pub(crate) fn picture(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let image =
        image::RgbaImage::from_fn(width, height, |x, y| image::Rgba([(x % 251) as u8, (y % 251) as u8, 90, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(image).to_rgb8().write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn set(tenant: &Tenant, mail: &str, image: Vec<u8>) -> pb::SetUserAvatarRequest {
    pb::SetUserAvatarRequest { tenant_id: tenant.id.clone(), mail: mail.into(), image }
}

fn get(tenant: &Tenant, mail: &str) -> pb::GetUserAvatarRequest {
    pb::GetUserAvatarRequest { tenant_id: tenant.id.clone(), mail: mail.into() }
}

#[tokio::test]
async fn pictures_round_trip_over_grpc() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let users = server.users();
    expect_code(users.clone().get_user_avatar(authed(&acme.admin_token, get(&acme, &acme.user))).await, Code::NotFound);

    for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg, image::ImageFormat::WebP] {
        let stored = users
            .clone()
            .set_user_avatar(authed(&acme.admin_token, set(&acme, &acme.user, picture(1200, 800, format))))
            .await
            .unwrap()
            .into_inner();
        assert_eq!((stored.width, stored.height, stored.content_type.as_str()), (512, 341, "image/jpeg"), "{format:?}");
        assert!(stored.image.is_empty());
        let read = users.clone().get_user_avatar(authed(&acme.user_token, get(&acme, &acme.user))).await.unwrap();
        let read = read.into_inner();
        assert_eq!((read.etag, read.width), (stored.etag, 512));
        assert_eq!(image::guess_format(&read.image).unwrap(), image::ImageFormat::Jpeg);
        let decoded = image::load_from_memory(&read.image).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (512, 341));
    }

    // Bad uploads: precise errors, nothing stored (the last picture stays).
    let before = users.clone().get_user_avatar(authed(&creator, get(&acme, &acme.user))).await.unwrap().into_inner();
    for (bad, says) in [
        (b"not a picture at all".to_vec(), "not a JPEG, PNG or WebP"),
        (Vec::new(), "empty"),
        (picture(8200, 2, image::ImageFormat::Png), "pixels"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(), "Gif"),
    ] {
        let status = expect_code(
            users.clone().set_user_avatar(authed(&acme.admin_token, set(&acme, &acme.user, bad))).await,
            Code::InvalidArgument,
        );
        assert_eq!(violations(&status), [("image".to_owned(), "INVALID".to_owned())]);
        assert!(status.message().contains(says), "{}", status.message());
    }
    let huge = vec![0xFFu8; 4 * 1024 * 1024 + 10];
    let status =
        users.clone().set_user_avatar(authed(&acme.admin_token, set(&acme, &acme.user, huge))).await.unwrap_err();
    assert!(matches!(status.code(), Code::InvalidArgument | Code::OutOfRange), "{status:?}");
    let after = users.clone().get_user_avatar(authed(&creator, get(&acme, &acme.user))).await.unwrap().into_inner();
    assert_eq!(after.etag, before.etag);

    // Who may: the user for their own picture; nobody of another tenant.
    let other = Tenant::create(&server, &creator, "other").await;
    users
        .clone()
        .set_user_avatar(authed(&acme.user_token, set(&acme, &acme.user, picture(10, 10, image::ImageFormat::Png))))
        .await
        .unwrap();
    expect_code(
        users
            .clone()
            .set_user_avatar(authed(
                &acme.user_token,
                set(&acme, &acme.admin, picture(10, 10, image::ImageFormat::Png)),
            ))
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        users.clone().get_user_avatar(authed(&other.admin_token, get(&acme, &acme.user))).await,
        Code::PermissionDenied,
    );
    expect_code(
        users
            .clone()
            .delete_user_avatar(authed(
                &other.admin_token,
                pb::DeleteUserAvatarRequest { tenant_id: "acme".into(), mail: acme.user.clone() },
            ))
            .await,
        Code::PermissionDenied,
    );
    users
        .clone()
        .delete_user_avatar(authed(
            &acme.user_token,
            pb::DeleteUserAvatarRequest { tenant_id: "acme".into(), mail: acme.user.clone() },
        ))
        .await
        .unwrap();
    expect_code(users.clone().get_user_avatar(authed(&acme.admin_token, get(&acme, &acme.user))).await, Code::NotFound);
    server.login(&acme.user, USER_PASSWORD).await;
}

#[tokio::test]
async fn pictures_over_v2() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let url = server.url(&format!("/v2/users/acme/{}/avatar", acme.user));
    // Raw body (curl -T), then multipart (curl -F avatar=@…).
    let (code, body) = json(
        server
            .http
            .put(&url)
            .bearer_auth(&acme.admin_token)
            .header("content-type", "image/png")
            .body(picture(700, 700, image::ImageFormat::Png))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!((body["success"].as_bool(), body["width"].as_i64()), (Some(true), Some(512)));
    let part = reqwest::multipart::Part::bytes(picture(100, 50, image::ImageFormat::Jpeg)).file_name("me.jpg");
    let form = reqwest::multipart::Form::new().part("avatar", part);
    let (code, body) =
        json(server.http.put(&url).bearer_auth(&acme.admin_token).multipart(form).send().await.unwrap()).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!((body["width"].as_i64(), body["height"].as_i64()), (Some(100), Some(50)));
    let etag = format!("\"{}\"", body["etag"].as_str().unwrap());

    let response = server.http.get(&url).bearer_auth(&acme.user_token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.headers()["etag"].to_str().unwrap(), etag);
    let bytes = response.bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 100);
    let unchanged =
        server.http.get(&url).bearer_auth(&acme.user_token).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(unchanged.status(), 304);

    // Bad input: the guide's error body, nothing changed.
    let (code, body) =
        json(server.http.put(&url).bearer_auth(&acme.admin_token).body("hello").send().await.unwrap()).await;
    assert_eq!(code, 400);
    assert!(body["message"]["avatar"].as_str().unwrap().contains("not a JPEG, PNG or WebP"), "{body}");
    let form = reqwest::multipart::Form::new().text("photo", "x");
    let (code, body) =
        json(server.http.put(&url).bearer_auth(&acme.admin_token).multipart(form).send().await.unwrap()).await;
    assert_eq!((code, body["message"]["photo"].is_string()), (400, true), "{body}");
    let again =
        server.http.get(&url).bearer_auth(&acme.user_token).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);

    let (code, _) = json(
        server
            .http
            .get(&url)
            .bearer_auth(&Tenant::create(&server, &creator, "other").await.admin_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 403);
    let (code, body) = json(server.http.delete(&url).bearer_auth(&acme.admin_token).send().await.unwrap()).await;
    assert_eq!((code, body), (200, serde_json::json!({"success": true})));
    assert_eq!(server.http.get(&url).bearer_auth(&acme.admin_token).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn the_backup_carries_pictures() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let stored = server
        .users()
        .set_user_avatar(authed(&creator, set(&acme, &acme.user, picture(300, 200, image::ImageFormat::Png))))
        .await
        .unwrap()
        .into_inner();
    let ldif = crate::backup::export(&server, &creator, "").await.unwrap();
    assert!(ldif.contains("jpegPhoto:: "), "the export holds the picture");

    let target = crate::backup::second_server().await;
    let target_creator = target.creator_token().await;
    crate::backup::import(&target, &target_creator, pb::ImportMode::AddMissing, false, &ldif).await.unwrap();
    let copied =
        target.users().get_user_avatar(authed(&target_creator, get(&acme, &acme.user))).await.unwrap().into_inner();
    assert_eq!((copied.etag, copied.width, copied.height), (stored.etag, 300, 200));

    // A damaged picture in the input is refused naming its line; nothing is imported.
    let fresh = crate::backup::second_server().await;
    let fresh_creator = fresh.creator_token().await;
    let damaged = replace_photo(&ldif, "aGVsbG8gd29ybGQ=");
    let status =
        crate::backup::import(&fresh, &fresh_creator, pb::ImportMode::AddMissing, false, &damaged).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("jpegPhoto"), "{}", status.message());
    expect_code(
        fresh
            .users()
            .get_user(authed(&fresh_creator, pb::GetUserRequest { tenant_id: "acme".into(), mail: acme.user.clone() }))
            .await,
        Code::NotFound,
    );
}

/// `ldif` with the value of its (folded) `jpegPhoto` line replaced.
fn replace_photo(ldif: &str, base64: &str) -> String {
    let mut out = Vec::new();
    let mut in_photo = false;
    for line in ldif.lines() {
        if line.starts_with("jpegPhoto:: ") {
            out.push(format!("jpegPhoto:: {base64}"));
            in_photo = true;
        } else if in_photo && line.starts_with(' ') {
            continue;
        } else {
            in_photo = false;
            out.push(line.to_owned());
        }
    }
    out.join("\n") + "\n"
}
