//! `pbm service-accounts …` and `pbm keys …`: service accounts and their
//! API keys on a running pbm, over ServiceAccountService. A new key is
//! printed once, on a line of its own, and nowhere else.

use clap::Subcommand;

use crate::client::{Client, ClientArgs, failure};
use crate::pb::{self, service_account_service_client::ServiceAccountServiceClient};

/// `pbm service-accounts …`
#[derive(Debug, Subcommand)]
pub enum AccountAction {
    /// Create a service account.
    Create {
        /// Its name.
        name: String,
        /// What it is for.
        #[arg(long, default_value = "")]
        description: String,
        /// Its scopes, comma-separated (e.g. directory.read,users.write).
        #[arg(long, value_delimiter = ',')]
        scopes: Vec<String>,
    },
    /// List the service accounts of the tenant.
    List,
    /// Show one service account.
    Get {
        /// Its name.
        name: String,
    },
    /// Change a service account's description and/or scopes.
    Update {
        /// Its name.
        name: String,
        /// The new description.
        #[arg(long)]
        description: Option<String>,
        /// The new scopes, comma-separated (replacing the old ones; "" for none).
        #[arg(long, value_delimiter = ',')]
        scopes: Option<Vec<String>>,
    },
    /// Delete a service account and its keys.
    Delete {
        /// Its name.
        name: String,
    },
}

/// `pbm keys …`
#[derive(Debug, Subcommand)]
pub enum KeyAction {
    /// Create a key; it is printed once.
    Create {
        /// The service account.
        #[arg(long)]
        account: String,
        /// What the key is for.
        #[arg(long, default_value = "")]
        description: String,
        /// When it stops working (RFC 3339, e.g. 2027-01-31T00:00:00Z).
        #[arg(long)]
        expires: Option<String>,
        /// A client network it may be used from (CIDR; repeat for more).
        #[arg(long = "network")]
        networks: Vec<String>,
    },
    /// List the keys of a service account (never their secrets).
    List {
        /// The service account.
        #[arg(long)]
        account: String,
    },
    /// Revoke a key.
    Revoke {
        /// The service account.
        #[arg(long)]
        account: String,
        /// The key's id (the part after pbm_sk_).
        id: String,
    },
}

/// Which tenant's accounts a command is about.
#[derive(Debug, Clone, clap::Args)]
pub struct TenantArg {
    /// The tenant; omitted: the installation-wide accounts (superadmins).
    #[arg(long, default_value = "")]
    pub tenant: String,
}

fn print_account(account: &pb::ServiceAccount) {
    println!(
        "{}\t{}\tscopes: {}\t{}",
        if account.tenant_id.is_empty() { "(installation)" } else { &account.tenant_id },
        account.name,
        account.scopes.join(","),
        account.description
    );
}

fn time(t: Option<&prost_types::Timestamp>) -> String {
    t.and_then(|t| chrono::DateTime::from_timestamp(t.seconds, 0)).map_or_else(|| "-".to_owned(), |t| t.to_rfc3339())
}

fn print_key(key: &pb::ApiKey) {
    let state = if key.revoke_time.is_some() { "revoked" } else { "live" };
    println!(
        "{}\t{state}\texpires {}\tnetworks {}\tlast use {} {}\t{}",
        key.id,
        time(key.expire_time.as_ref()),
        if key.allowed_networks.is_empty() { "any".to_owned() } else { key.allowed_networks.join(",") },
        time(key.last_use_time.as_ref()),
        key.last_use_address,
        key.description
    );
}

/// Runs `pbm service-accounts …`.
pub async fn accounts(client: ClientArgs, tenant: TenantArg, action: AccountAction) -> anyhow::Result<()> {
    let client = Client::connect(&client).await?;
    let mut service = ServiceAccountServiceClient::new(client.channel.clone());
    let tenant_id = tenant.tenant;
    match action {
        AccountAction::Create { name, description, scopes } => {
            let account = pb::ServiceAccount { tenant_id, name, description, scopes, ..Default::default() };
            let request = pb::CreateServiceAccountRequest { service_account: Some(account) };
            let created = service.create_service_account(client.request(request)).await.map_err(failure)?;
            print_account(created.get_ref());
        }
        AccountAction::List => {
            let mut page_token = String::new();
            loop {
                let request =
                    pb::ListServiceAccountsRequest { tenant_id: tenant_id.clone(), page_size: 1000, page_token };
                let page = service.list_service_accounts(client.request(request)).await.map_err(failure)?.into_inner();
                page.service_accounts.iter().for_each(print_account);
                if page.next_page_token.is_empty() {
                    break;
                }
                page_token = page.next_page_token;
            }
        }
        AccountAction::Get { name } => {
            let request = pb::GetServiceAccountRequest { tenant_id, name };
            print_account(service.get_service_account(client.request(request)).await.map_err(failure)?.get_ref());
        }
        AccountAction::Update { name, description, scopes } => {
            let mut paths = Vec::new();
            if description.is_some() {
                paths.push("description".to_owned());
            }
            if scopes.is_some() {
                paths.push("scopes".to_owned());
            }
            anyhow::ensure!(!paths.is_empty(), "nothing to change: give --description and/or --scopes");
            let scopes = scopes.unwrap_or_default().into_iter().filter(|s| !s.trim().is_empty()).collect();
            let account = pb::ServiceAccount {
                tenant_id,
                name,
                description: description.unwrap_or_default(),
                scopes,
                ..Default::default()
            };
            let request = pb::UpdateServiceAccountRequest {
                service_account: Some(account),
                update_mask: Some(prost_types::FieldMask { paths }),
            };
            print_account(service.update_service_account(client.request(request)).await.map_err(failure)?.get_ref());
        }
        AccountAction::Delete { name } => {
            let request = pb::DeleteServiceAccountRequest { tenant_id, name: name.clone() };
            service.delete_service_account(client.request(request)).await.map_err(failure)?;
            println!("deleted {name}");
        }
    }
    Ok(())
}

/// Runs `pbm keys …`.
pub async fn keys(client: ClientArgs, tenant: TenantArg, action: KeyAction) -> anyhow::Result<()> {
    let client = Client::connect(&client).await?;
    let mut service = ServiceAccountServiceClient::new(client.channel.clone());
    let tenant_id = tenant.tenant;
    match action {
        KeyAction::Create { account, description, expires, networks } => {
            let expire_time = match expires {
                Some(text) => {
                    let at = chrono::DateTime::parse_from_rfc3339(&text)
                        .map_err(|e| anyhow::anyhow!("--expires {text:?} is not an RFC 3339 time: {e}"))?;
                    Some(prost_types::Timestamp { seconds: at.timestamp(), nanos: 0 })
                }
                None => None,
            };
            let request = pb::CreateApiKeyRequest {
                tenant_id,
                service_account: account,
                description,
                expire_time,
                allowed_networks: networks,
            };
            let created = service.create_api_key(client.request(request)).await.map_err(failure)?.into_inner();
            if let Some(key) = &created.api_key {
                print_key(key);
            }
            println!("{}", created.key);
            eprintln!("This is the only time the key is shown: store it now.");
        }
        KeyAction::List { account } => {
            let request = pb::ListApiKeysRequest { tenant_id, service_account: account };
            let keys = service.list_api_keys(client.request(request)).await.map_err(failure)?.into_inner();
            keys.api_keys.iter().for_each(print_key);
        }
        KeyAction::Revoke { account, id } => {
            let request = pb::RevokeApiKeyRequest { tenant_id, service_account: account, id };
            print_key(service.revoke_api_key(client.request(request)).await.map_err(failure)?.get_ref());
        }
    }
    Ok(())
}
