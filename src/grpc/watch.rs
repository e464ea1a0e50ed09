//! WatchService over gRPC (and grpc-web): the kinds of the request are
//! read, the events written; the watch itself is
//! [`crate::service::Watch`].
//!
//! The server is written here rather than generated: a change fanned out
//! to many watchers is one [`FeedItem`](crate::service::watch::FeedItem)
//! shared by all of them, and its protobuf encoding is made by the first
//! watch that sends it and kept on the item, so every other watch sends
//! those same bytes ([`EncodedEvent`], [`WatchCodec`]). The generated
//! server would convert and encode the event once per watcher. On the
//! wire nothing differs: clients decode `pbm.v2.DirectoryEvent`.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{BufMut as _, Bytes};
use futures::StreamExt as _;
use prost::Message as _;
use tonic::codec::{Codec, EncodeBuf, Encoder};
use tonic::codegen::{BoxFuture, StdError, http};
use tonic::{Request, Response, Status, codegen::BoxStream};

use super::{context, convert};
use crate::domain::{ChangeOp, ObjectKind};
use crate::error::{Error, Violations};
use crate::pb;
use crate::service::watch::{DirectoryObject, WatchEvent, WatchRequest};

/// The tonic adapter of [`crate::service::Watch`].
#[derive(Clone)]
pub struct WatchApi(pub crate::service::Watch);

impl WatchApi {
    /// WatchDirectory: the request read, the watch's events encoded.
    async fn watch_directory(
        &self,
        request: Request<pb::WatchDirectoryRequest>,
    ) -> Result<Response<BoxStream<EncodedEvent>>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let kinds = kinds(&req.kinds)?;
        let request = WatchRequest { since_revision: req.since_revision, tenant_id: req.tenant_id, kinds };
        let events = self.0.watch(&ctx, request).await?;
        let stream = events.map(|event| event.map(|e| encoded(&e)).map_err(Status::from));
        Ok(Response::new(Box::pin(stream)))
    }
}

/// The path of WatchDirectory, the service's one method.
const WATCH_DIRECTORY_PATH: &str = "/pbm.v2.WatchService/WatchDirectory";

/// WatchService's server (in place of the generated
/// `pb::watch_service_server::WatchServiceServer`, which would encode every
/// event once per watcher).
#[derive(Clone)]
pub struct WatchServer {
    api: Arc<WatchApi>,
    max_decoding_message_size: Option<usize>,
}

impl WatchServer {
    /// The server of `api`.
    pub fn new(api: WatchApi) -> Self {
        Self { api: Arc::new(api), max_decoding_message_size: None }
    }

    /// Refuses requests larger than `limit` bytes.
    #[must_use]
    pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
        self.max_decoding_message_size = Some(limit);
        self
    }
}

impl tonic::server::NamedService for WatchServer {
    const NAME: &'static str = pb::watch_service_server::SERVICE_NAME;
}

impl<B> tower::Service<http::Request<B>> for WatchServer
where
    B: http_body::Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if request.uri().path() != WATCH_DIRECTORY_PATH {
            return Box::pin(async { Ok(Status::unimplemented("no such method").into_http()) });
        }
        let (api, limit) = (self.api.clone(), self.max_decoding_message_size);
        Box::pin(async move {
            let mut grpc = tonic::server::Grpc::new(WatchCodec).apply_max_message_size_config(limit, None);
            Ok(grpc.server_streaming(WatchDirectory(api), request).await)
        })
    }
}

/// WatchDirectory as tonic calls it.
struct WatchDirectory(Arc<WatchApi>);

impl tonic::server::ServerStreamingService<pb::WatchDirectoryRequest> for WatchDirectory {
    type Response = EncodedEvent;
    type ResponseStream = BoxStream<EncodedEvent>;
    type Future = BoxFuture<Response<Self::ResponseStream>, Status>;

    fn call(&mut self, request: Request<pb::WatchDirectoryRequest>) -> Self::Future {
        let api = self.0.clone();
        Box::pin(async move { api.watch_directory(request).await })
    }
}

/// A `pbm.v2.DirectoryEvent`, encoded.
#[derive(Debug, Clone)]
pub struct EncodedEvent(Bytes);

/// The event as sent: a change's encoding is made once, by the first watch
/// that sends it, and shared with the others through the feed's item.
fn encoded(event: &WatchEvent) -> EncodedEvent {
    match event {
        WatchEvent::Change(item) => {
            EncodedEvent(item.encoded.get_or_init(|| directory_event(event).encode_to_vec().into()).clone())
        }
        WatchEvent::Bookmark(_) => EncodedEvent(directory_event(event).encode_to_vec().into()),
    }
}

/// WatchDirectory's codec: requests decoded by prost, events sent as they
/// were encoded.
#[derive(Debug, Clone, Copy, Default)]
pub struct WatchCodec;

impl Codec for WatchCodec {
    type Encode = EncodedEvent;
    type Decode = pb::WatchDirectoryRequest;
    type Encoder = EncodedEventWriter;
    type Decoder = tonic_prost::ProstDecoder<pb::WatchDirectoryRequest>;

    fn encoder(&mut self) -> Self::Encoder {
        EncodedEventWriter
    }

    fn decoder(&mut self) -> Self::Decoder {
        tonic_prost::ProstDecoder::default()
    }
}

/// Writes an [`EncodedEvent`]'s bytes as the message.
#[derive(Debug, Clone, Copy, Default)]
pub struct EncodedEventWriter;

impl Encoder for EncodedEventWriter {
    type Item = EncodedEvent;
    type Error = Status;

    fn encode(&mut self, event: EncodedEvent, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&event.0);
        Ok(())
    }
}

/// The kinds of a request; an unknown or unspecified one is refused.
fn kinds(numbers: &[i32]) -> Result<Vec<ObjectKind>, Error> {
    let mut v = Violations::new();
    let mut kinds = Vec::new();
    for (i, number) in numbers.iter().enumerate() {
        match pb::ObjectKind::try_from(*number).ok().and_then(kind_of) {
            Some(kind) => kinds.push(kind),
            None => v.invalid(&format!("kinds[{i}]"), format!("{number} is not an object kind")),
        }
    }
    v.finish()?;
    Ok(kinds)
}

fn kind_of(kind: pb::ObjectKind) -> Option<ObjectKind> {
    Some(match kind {
        pb::ObjectKind::Unspecified | pb::ObjectKind::ServiceAccount => return None,
        pb::ObjectKind::Tenant => ObjectKind::Tenant,
        pb::ObjectKind::MailDomain => ObjectKind::MailDomain,
        pb::ObjectKind::User => ObjectKind::User,
        pb::ObjectKind::ResourceGroup => ObjectKind::ResourceGroup,
        pb::ObjectKind::Resource => ObjectKind::Resource,
        pb::ObjectKind::MailList => ObjectKind::MailList,
        pb::ObjectKind::WebDomain => ObjectKind::WebDomain,
        pb::ObjectKind::Contact => ObjectKind::Contact,
    })
}

fn kind_number(kind: ObjectKind) -> pb::ObjectKind {
    match kind {
        ObjectKind::Tenant => pb::ObjectKind::Tenant,
        ObjectKind::MailDomain => pb::ObjectKind::MailDomain,
        ObjectKind::User => pb::ObjectKind::User,
        ObjectKind::ResourceGroup => pb::ObjectKind::ResourceGroup,
        ObjectKind::Resource => pb::ObjectKind::Resource,
        ObjectKind::MailList => pb::ObjectKind::MailList,
        ObjectKind::WebDomain => pb::ObjectKind::WebDomain,
        ObjectKind::Contact => pb::ObjectKind::Contact,
        // Never sent: the watch passes directory kinds only.
        ObjectKind::Session | ObjectKind::AccountSessions | ObjectKind::TenantSessions => pb::ObjectKind::Unspecified,
        ObjectKind::ServiceAccount => pb::ObjectKind::ServiceAccount,
    }
}

fn directory_event(event: &WatchEvent) -> pb::DirectoryEvent {
    use pb::directory_event::{Object, Type};
    let item = match event {
        WatchEvent::Bookmark(revision) => {
            return pb::DirectoryEvent { r#type: Type::Bookmark.into(), revision: *revision, ..Default::default() };
        }
        WatchEvent::Change(item) => item,
    };
    let change = &item.record.change;
    let object = item.object.as_ref().map(|object| match object {
        DirectoryObject::Tenant(t) => Object::Tenant(convert::tenant(t)),
        DirectoryObject::MailDomain(d) => Object::MailDomain(convert::mail_domain(d)),
        DirectoryObject::User(u) => Object::User(convert::user(u)),
        DirectoryObject::ResourceGroup(g) => Object::ResourceGroup(convert::resource_group(g)),
        DirectoryObject::Resource(r) => Object::Resource(convert::resource(r)),
        DirectoryObject::MailList(l) => Object::MailList(convert::mail_list(l)),
        DirectoryObject::WebDomain(w) => Object::WebDomain(convert::web_domain(w)),
        DirectoryObject::Contact(c) => Object::Contact(convert::contact(c)),
    });
    let r#type = match change.op {
        ChangeOp::Added => Type::Added,
        ChangeOp::Modified => Type::Modified,
        ChangeOp::Deleted => Type::Deleted,
    };
    pb::DirectoryEvent {
        r#type: r#type.into(),
        revision: item.record.revision,
        kind: kind_number(change.kind).into(),
        tenant_id: change.tenant_id.clone(),
        name: change.name.clone(),
        commit_time: Some(convert::timestamp(item.record.at)),
        object,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use prost::Message as _;

    use super::*;
    use crate::domain::{ChangeRecord, ObjectChange, Tenant};
    use crate::service::watch::FeedItem;

    fn tenant_change(revision: i64) -> WatchEvent {
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a valid time");
        let tenant = Tenant {
            id: "acme".into(),
            display_name: "Acme".into(),
            lang: "en".into(),
            default_domain: "acme.test".into(),
            domains: vec!["acme.test".into()],
            created_at: at,
            updated_at: at,
        };
        let change = ObjectChange::new(ObjectKind::Tenant, "acme", "acme", ChangeOp::Modified);
        let record = ChangeRecord { revision, at, change };
        WatchEvent::Change(Arc::new(FeedItem::new(record, Some(DirectoryObject::Tenant(tenant)))))
    }

    #[test]
    fn a_shared_change_is_encoded_once_and_decodes_as_its_event() {
        let event = tenant_change(42);
        let (first, second) = (encoded(&event), encoded(&event));
        // The second watch sends the first one's bytes, not a copy.
        assert_eq!(first.0.as_ptr(), second.0.as_ptr());
        let decoded = pb::DirectoryEvent::decode(first.0).expect("a DirectoryEvent");
        assert_eq!(decoded, directory_event(&event));
        assert_eq!(decoded.revision, 42);
        assert_eq!(decoded.r#type(), pb::directory_event::Type::Modified);
        assert!(matches!(decoded.object, Some(pb::directory_event::Object::Tenant(ref t)) if t.id == "acme"));
    }

    #[test]
    fn a_bookmark_is_encoded_as_a_bookmark() {
        let decoded = pb::DirectoryEvent::decode(encoded(&WatchEvent::Bookmark(7)).0).expect("a DirectoryEvent");
        assert_eq!(decoded.r#type(), pb::directory_event::Type::Bookmark);
        assert_eq!(decoded.revision, 7);
        assert!(decoded.object.is_none());
    }
}
