//! The `externalId`s of users provisioned over SCIM (see [`ExternalIds`]);
//! service state, beside the directory.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::QueryBuilder;

use super::dialect::{BuilderExt as _, QueryExt as _, RowExt as _, unique_or};
use super::{Dialect, SqlStore, query};
use crate::error::{Error, Result};
use crate::ports::ExternalIds;

/// Values bound in one `IN (…)` list.
const CHUNK: usize = 500;

#[async_trait]
impl<D: Dialect> ExternalIds for SqlStore<D> {
    async fn external_ids(&self, tenant_id: &str, mails: &[String]) -> Result<HashMap<String, String>> {
        let mut found = HashMap::new();
        let mut conn = self.reader().await?;
        for chunk in mails.chunks(CHUNK) {
            let mut query: QueryBuilder<D> =
                QueryBuilder::new("SELECT mail, external_id FROM scim_external_ids WHERE tenant_id = ");
            query.arg(tenant_id.to_owned()).push(" AND ");
            D::push_in_texts(&mut query, "mail", chunk);
            for row in query.build().rows(&mut conn).await? {
                found.insert(row.text("mail")?, row.text("external_id")?);
            }
        }
        Ok(found)
    }

    async fn user_with_external_id(&self, tenant_id: &str, external_id: &str) -> Result<Option<String>> {
        let row = query::<D>("SELECT mail FROM scim_external_ids WHERE tenant_id = $1 AND external_id = $2")
            .arg(tenant_id)
            .arg(external_id)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.map(|row| row.text("mail")).transpose()
    }

    async fn set_external_id(&self, tenant_id: &str, mail: &str, external_id: Option<&str>) -> Result<()> {
        let mut conn = self.writer().await?;
        let Some(external_id) = external_id else {
            query::<D>("DELETE FROM scim_external_ids WHERE tenant_id = $1 AND mail = $2")
                .arg(tenant_id)
                .arg(mail)
                .run(&mut conn)
                .await?;
            return Ok(());
        };
        query::<D>(
            "INSERT INTO scim_external_ids (tenant_id, mail, external_id) VALUES ($1, $2, $3)
             ON CONFLICT (tenant_id, mail) DO UPDATE SET external_id = excluded.external_id",
        )
        .arg(tenant_id)
        .arg(mail)
        .arg(external_id)
        .try_run(&mut conn)
        .await
        .map_err(|err| unique_or::<D>(err, || Error::already_exists("externalId", external_id)))?;
        Ok(())
    }

    async fn forget_tenant_external_ids(&self, tenant_id: &str) -> Result<()> {
        query::<D>("DELETE FROM scim_external_ids WHERE tenant_id = $1")
            .arg(tenant_id)
            .run(&mut *self.writer().await?)
            .await?;
        Ok(())
    }
}
