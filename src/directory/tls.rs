//! TLS towards the company directory (LDAPS and StartTLS): the CA
//! certificates to trust (`services/ad/ca_file`, else the system's) and the
//! name the server's certificate must carry (`services/ad/server_name`,
//! else the host connected to). Domain controllers' certificates name the
//! controller (`dc1.corp.example`), rarely the address pbm reaches it by,
//! so the name is a setting of its own; the chain is verified in full
//! either way — pbm has no "do not verify" switch.

use std::sync::Arc;

use rustls::{
    ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
    client::{
        WebPkiServerVerifier,
        danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier},
    },
    pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject as _},
};

/// A TLS client configuration trusting the certificates of `ca_file` (PEM;
/// empty: the system's trust store) and verifying the server's
/// certificate against `server_name` (empty: the host connected to).
/// Errors name what is wrong with the CA file or the name.
pub fn client_config(ca_file: &str, server_name: &str) -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    if ca_file.is_empty() {
        let native = rustls_native_certs::load_native_certs();
        for cert in native.certs {
            let _ = roots.add(cert);
        }
    } else {
        let certs = CertificateDer::pem_file_iter(ca_file)
            .map_err(|e| format!("cannot read {ca_file}: {e}"))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{ca_file} is not a PEM certificate file: {e}"))?;
        if certs.is_empty() {
            return Err(format!("{ca_file} holds no PEM certificate"));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| format!("{ca_file}: a certificate cannot be used as a CA: {e}"))?;
        }
    }
    if roots.is_empty() {
        return Err("no CA certificates: the system has none; set services/ad/ca_file".into());
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| format!("TLS verifier: {e}"))?;
    let name = if server_name.is_empty() {
        None
    } else {
        Some(
            ServerName::try_from(server_name.to_owned())
                .map_err(|_| format!("{server_name:?} is not a DNS name or IP address"))?,
        )
    };
    let verifier = Arc::new(NamedVerifier { inner, name });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Verifies the chain like any client, against a configured name instead
/// of the host connected to when one is set.
#[derive(Debug)]
struct NamedVerifier {
    inner: Arc<WebPkiServerVerifier>,
    name: Option<ServerName<'static>>,
}

impl ServerCertVerifier for NamedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let name = self.name.as_ref().unwrap_or(server_name);
        self.inner.verify_server_cert(end_entity, intermediates, name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_ca_files_and_names_are_named() {
        let err = client_config("/nonexistent/ca.pem", "").unwrap_err();
        assert!(err.contains("/nonexistent/ca.pem"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = client_config(empty.to_str().unwrap(), "").unwrap_err();
        assert!(err.contains("no PEM certificate"), "{err}");
        let ca = rcgen::generate_simple_self_signed(vec!["ca.test".into()]).unwrap();
        let file = dir.path().join("ca.pem");
        std::fs::write(&file, ca.cert.pem()).unwrap();
        assert!(client_config(file.to_str().unwrap(), "dc1.corp.test").is_ok());
        assert!(client_config(file.to_str().unwrap(), "not a name!").unwrap_err().contains("not a DNS name"));
    }
}
