//! WatchService over gRPC (and grpc-web): the kinds of the request are
//! read, the events written; the watch itself is
//! [`crate::service::Watch`].

use futures::StreamExt as _;
use tonic::{Request, Response, Status, codegen::BoxStream};

use super::{context, convert};
use crate::domain::{ChangeOp, ObjectKind};
use crate::error::{Error, Violations};
use crate::pb::{self, watch_service_server::WatchService};
use crate::service::watch::{DirectoryObject, WatchEvent, WatchRequest};

/// The tonic adapter of [`crate::service::Watch`].
#[derive(Clone)]
pub struct WatchApi(pub crate::service::Watch);

#[tonic::async_trait]
impl WatchService for WatchApi {
    async fn watch_directory(
        &self,
        request: Request<pb::WatchDirectoryRequest>,
    ) -> Result<Response<BoxStream<pb::DirectoryEvent>>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let kinds = kinds(&req.kinds)?;
        let request = WatchRequest { since_revision: req.since_revision, tenant_id: req.tenant_id, kinds };
        let events = self.0.watch(&ctx, request).await?;
        let stream = events.map(|event| event.map(|e| directory_event(&e)).map_err(Status::from));
        Ok(Response::new(Box::pin(stream)))
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
