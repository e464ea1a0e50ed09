//! A small gRPC client of a running pbm for the command line (`pbm settings
//! …`, `pbm backup …`): connects, authenticates with a token or a login, and
//! attaches the bearer token to every call.

use std::path::PathBuf;

use anyhow::Context as _;
use tonic::{
    Request,
    transport::{Certificate, Channel, ClientTlsConfig},
};

use crate::pb;

/// How the command line reaches and authenticates to pbm.
#[derive(Debug, Clone, clap::Args)]
pub struct ClientArgs {
    /// pbm's address.
    #[arg(long, env = "PBM_SERVER", default_value = "http://127.0.0.1:8080")]
    pub server: String,
    /// An access token (else log in with --login and PBM_PASSWORD).
    #[arg(long, env = "PBM_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Login to authenticate with; the password is read from PBM_PASSWORD.
    #[arg(long, env = "PBM_LOGIN")]
    pub login: Option<String>,
    /// PEM CA certificate to trust for an https:// server (default: the system's roots).
    #[arg(long, env = "PBM_CA_CERT")]
    pub ca_cert: Option<PathBuf>,
}

/// A connected, authenticated client.
pub struct Client {
    /// The channel to pbm.
    pub channel: Channel,
    token: String,
}

impl Client {
    /// Connects and authenticates.
    pub async fn connect(args: &ClientArgs) -> anyhow::Result<Self> {
        let mut endpoint = Channel::from_shared(args.server.clone()).context("--server is not a URL")?;
        if args.server.starts_with("https://") {
            let mut tls = ClientTlsConfig::new().with_native_roots();
            if let Some(path) = &args.ca_cert {
                let pem = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                tls = tls.ca_certificate(Certificate::from_pem(pem));
            }
            endpoint = endpoint.tls_config(tls)?;
        }
        let channel = endpoint.connect().await.with_context(|| format!("connecting to {}", args.server))?;
        let token = match (&args.token, &args.login) {
            (Some(token), _) => token.clone(),
            (None, Some(login)) => {
                let password = std::env::var("PBM_PASSWORD").context("--login needs the password in PBM_PASSWORD")?;
                let mut auth = pb::auth_service_client::AuthServiceClient::new(channel.clone());
                let tokens = auth
                    .login(pb::LoginRequest { login: login.clone(), password, ..Default::default() })
                    .await
                    .map_err(|s| anyhow::anyhow!("login failed: {}", s.message()))?;
                tokens.into_inner().access_token
            }
            (None, None) => {
                anyhow::bail!("authenticate with --token (PBM_TOKEN) or --login (PBM_LOGIN) and PBM_PASSWORD")
            }
        };
        Ok(Self { channel, token })
    }

    /// A request carrying the bearer token.
    pub fn request<T>(&self, message: T) -> Request<T> {
        let mut request = Request::new(message);
        if let Ok(value) = format!("Bearer {}", self.token).parse() {
            request.metadata_mut().insert("authorization", value);
        }
        request
    }
}

/// A gRPC failure as a command-line error, with its field violations.
pub fn failure(status: tonic::Status) -> anyhow::Error {
    use tonic_types::StatusExt as _;
    let mut message = format!("{:?}: {}", status.code(), status.message());
    if let Some(bad) = status.get_details_bad_request() {
        for v in bad.field_violations {
            message.push_str(&format!("\n  {}: {}", v.field, v.description));
        }
    }
    anyhow::anyhow!(message)
}
