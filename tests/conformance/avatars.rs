//! The AvatarStore port: a user's picture is set, replaced, read and removed
//! the same way on every backend, follows the user through a soft deletion,
//! goes with it when it is purged or its tenant deleted, and every change is
//! audited with it.

use pbm::{
    Error,
    domain::avatar::{self, Avatar},
    ports::AuditQuery,
};
use rstest_reuse::apply;

use crate::backends::Backend;
use crate::every_backend;
use crate::fixtures::{any_event, event, now, tenant, user};

/// A stored picture of `width`×`height` pixels of one colour.
fn picture(width: u32, height: u32, shade: u8) -> Avatar {
    let image = image::RgbImage::from_pixel(width, height, image::Rgb([shade, 100, 200]));
    let mut png = std::io::Cursor::new(Vec::new());
    image.write_to(&mut png, image::ImageFormat::Png).unwrap();
    avatar::from_upload(png.get_ref(), now()).unwrap()
}

#[apply(every_backend)]
async fn pictures_are_set_replaced_read_and_removed(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    let (t, d) = tenant("acme");
    dir.create_tenant(&t, &d, &any_event()).await.unwrap();
    dir.create_user(&user("acme", "ivan"), &any_event()).await.unwrap();
    dir.create_user(&user("acme", "olga"), &any_event()).await.unwrap();
    assert!(dir.user_avatar("acme", "ivan@acme.test").await.unwrap().is_none());

    let first = picture(64, 48, 10);
    dir.set_user_avatar("acme", "ivan@acme.test", &first, &event("SetUserAvatar", "acme", "user:ivan@acme.test"))
        .await
        .unwrap();
    let stored = dir.user_avatar("acme", "ivan@acme.test").await.unwrap().unwrap();
    assert_eq!((stored.width, stored.height, stored.etag()), (64, 48, first.etag()));
    assert_eq!(stored.jpeg, first.jpeg);
    let second = picture(30, 30, 200);
    dir.set_user_avatar("acme", "ivan@acme.test", &second, &any_event()).await.unwrap();
    assert_eq!(dir.user_avatar("acme", "ivan@acme.test").await.unwrap().unwrap().etag(), second.etag());
    assert!(dir.user_avatar("acme", "olga@acme.test").await.unwrap().is_none());
    // Other tenants and unknown users.
    assert!(dir.user_avatar("other", "ivan@acme.test").await.unwrap().is_none());
    let missing = dir.set_user_avatar("acme", "nobody@acme.test", &first, &any_event()).await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{missing:?}");
    let missing = dir.delete_user_avatar("acme", "nobody@acme.test", &any_event()).await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{missing:?}");

    let mails = ["ivan@acme.test".to_owned(), "olga@acme.test".to_owned()];
    let all = dir.user_avatars("acme", &mails).await.unwrap();
    assert_eq!(
        all.iter().map(|(m, a)| (m.as_str(), a.etag())).collect::<Vec<_>>(),
        [("ivan@acme.test", second.etag())]
    );

    assert!(dir.delete_user_avatar("acme", "ivan@acme.test", &any_event()).await.unwrap());
    assert!(!dir.delete_user_avatar("acme", "ivan@acme.test", &any_event()).await.unwrap());
    assert!(dir.user_avatar("acme", "ivan@acme.test").await.unwrap().is_none());

    let query = AuditQuery { target: Some("user:ivan@acme.test".into()), limit: 10, ..Default::default() };
    let trail = stores.audit.list(&query).await.unwrap();
    assert!(trail.iter().any(|e| e.event.rpc == "SetUserAvatar"), "{trail:?}");
}

#[apply(every_backend)]
async fn pictures_follow_their_user(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    let (t, d) = tenant("acme");
    dir.create_tenant(&t, &d, &any_event()).await.unwrap();
    dir.create_user(&user("acme", "ivan"), &any_event()).await.unwrap();
    let face = picture(20, 20, 50);
    dir.set_user_avatar("acme", "ivan@acme.test", &face, &any_event()).await.unwrap();

    // Soft deletion keeps the picture (a backup exports it) but not for reading.
    dir.delete_user("acme", "ivan@acme.test", now(), &any_event()).await.unwrap();
    assert!(dir.user_avatar("acme", "ivan@acme.test").await.unwrap().is_none());
    let kept = dir.user_avatars("acme", &["ivan@acme.test".to_owned()]).await.unwrap();
    assert_eq!(kept.iter().map(|(_, a)| a.etag()).collect::<Vec<_>>(), [face.etag()]);
    dir.undelete_user("acme", "ivan@acme.test", &any_event()).await.unwrap();
    assert_eq!(dir.user_avatar("acme", "ivan@acme.test").await.unwrap().unwrap().etag(), face.etag());

    // Purged: gone with the user; a new account with the address has none.
    dir.delete_user("acme", "ivan@acme.test", now(), &any_event()).await.unwrap();
    dir.purge_deleted_users(now() + chrono::Duration::seconds(1), &any_event()).await.unwrap();
    dir.create_user(&user("acme", "ivan"), &any_event()).await.unwrap();
    assert!(dir.user_avatar("acme", "ivan@acme.test").await.unwrap().is_none());
    assert!(dir.user_avatars("acme", &["ivan@acme.test".to_owned()]).await.unwrap().is_empty());

    // A deleted tenant takes its users' pictures with it.
    dir.set_user_avatar("acme", "ivan@acme.test", &face, &any_event()).await.unwrap();
    dir.delete_tenant("acme", &any_event()).await.unwrap();
    dir.create_tenant(&t, &d, &any_event()).await.unwrap();
    dir.create_user(&user("acme", "ivan"), &any_event()).await.unwrap();
    assert!(dir.user_avatar("acme", "ivan@acme.test").await.unwrap().is_none());
}
