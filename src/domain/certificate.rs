//! Checks of a web domain's TLS key and certificate chain (guide §2.18),
//! before anything is stored:
//!
//! * both PEM texts parse: the key as PKCS#8, PKCS#1 (RSA) or SEC1 (EC), the
//!   chain as one or more X.509 certificates, leaf first, each issued by the
//!   next one;
//! * the key is one the TLS layer can use (RSA ≥ 2048 bits, ECDSA P-256 or
//!   P-384, Ed25519) and is the private half of the leaf's public key (its
//!   SubjectPublicKeyInfo equals the certificate's);
//! * the leaf's subjectAltName DNS names cover the host name (`*.example.com`
//!   covers exactly one more label); the subject CN is ignored, as browsers
//!   ignore it;
//! * the leaf is valid now (neither expired nor not yet valid).
//!
//! PEM texts are read leniently, because the guide's own command sends them
//! unencoded in a form (`curl -d "key=$(cat key.pem)"`), where form decoding
//! turns every `+` of the base64 into a space, and `curl -d @file` drops the
//! line breaks: inside a PEM block spaces are read as `+` and line breaks are
//! ignored, and the stored PEM is re-wrapped cleanly.

use chrono::{DateTime, SecondsFormat, TimeZone as _, Utc};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject as _};
use sha2::{Digest as _, Sha256};
use x509_parser::{certificate::X509Certificate, extensions::GeneralName, prelude::FromDer as _};

use super::web_domain::{CertificateInfo, PrivateKeyPem};

/// What is wrong with a key/certificate pair, by the input it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The private key.
    Key(String),
    /// The certificate chain.
    Certificate(String),
}

/// A key and chain that passed every check, normalised for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPair {
    /// The key, re-wrapped PEM.
    pub key: PrivateKeyPem,
    /// The chain, re-wrapped PEM, leaf first.
    pub certificate_pem: String,
    /// Facts of the leaf certificate.
    pub info: CertificateInfo,
}

/// Checks a key and certificate chain for `host` at time `now`; returns
/// every problem found.
pub fn check_pair(
    host: &str,
    key_pem: &str,
    certificate_pem: &str,
    now: DateTime<Utc>,
) -> Result<CheckedPair, Vec<Problem>> {
    let mut problems = Vec::new();
    let key_pem = normalize_pem(key_pem);
    let certificate_pem = normalize_pem(certificate_pem);
    let key_spki = match public_key_of(&key_pem) {
        Ok(spki) => Some(spki),
        Err(e) => {
            problems.push(Problem::Key(e));
            None
        }
    };
    let chain = match certificates_of(&certificate_pem) {
        Ok(chain) => chain,
        Err(e) => {
            problems.push(Problem::Certificate(e));
            return Err(problems);
        }
    };
    let parsed: Vec<X509Certificate<'_>> = match chain
        .iter()
        .enumerate()
        .map(|(i, der)| {
            X509Certificate::from_der(der.as_ref())
                .map(|(_, cert)| cert)
                .map_err(|e| format!("certificate {} of the chain is not valid X.509: {e}", i + 1))
        })
        .collect()
    {
        Ok(parsed) => parsed,
        Err(e) => {
            problems.push(Problem::Certificate(e));
            return Err(problems);
        }
    };
    let (Some(leaf), Some(leaf_der)) = (parsed.first(), chain.first()) else {
        problems.push(Problem::Certificate("holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)".into()));
        return Err(problems);
    };
    let info = info_of(leaf, leaf_der.as_ref());
    if info.dns_names.is_empty() {
        problems.push(Problem::Certificate(format!(
            "has no DNS names (subjectAltName), so it covers no host name; {host} needs one"
        )));
    } else if !covers(&info.dns_names, host) {
        problems.push(Problem::Certificate(format!("does not cover {host}: it is for {}", info.dns_names.join(", "))));
    }
    if now > info.not_after {
        problems.push(Problem::Certificate(format!("expired on {}", rfc3339(info.not_after))));
    } else if now < info.not_before {
        problems.push(Problem::Certificate(format!("is not valid before {}", rfc3339(info.not_before))));
    }
    for (i, pair) in parsed.windows(2).enumerate() {
        if pair[0].issuer().as_raw() != pair[1].subject().as_raw() {
            problems.push(Problem::Certificate(format!(
                "certificate {} of the chain did not issue certificate {}: give the chain leaf first, each \
                 certificate followed by its issuer",
                i + 2,
                i + 1
            )));
        }
    }
    if let Some(spki) = key_spki
        && spki != leaf.public_key().raw
    {
        problems
            .push(Problem::Key("does not match the certificate: it is not the private half of its public key".into()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CheckedPair { key: PrivateKeyPem::new(key_pem), certificate_pem, info })
}

/// Whether a certificate with these DNS names covers `host`: an exact name,
/// or a wildcard `*.parent` covering exactly one label more than `parent`.
pub fn covers(dns_names: &[String], host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    dns_names.iter().any(|name| {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if let Some(parent) = name.strip_prefix("*.") {
            host.split_once('.').is_some_and(|(label, rest)| !label.is_empty() && rest == parent)
        } else {
            name == host
        }
    })
}

/// Re-wraps every PEM block of `text`: inside a block, spaces stand for
/// `+` (form decoding of an unencoded `curl -d`) and line breaks may be
/// anywhere or missing. Text outside blocks (e.g. openssl's "Bag
/// Attributes") is dropped. Blocks with RFC 1421 headers (legacy encrypted
/// keys) are kept as they are. Text without blocks is returned unchanged.
pub fn normalize_pem(text: &str) -> String {
    const BEGIN: &str = "-----BEGIN ";
    const DASHES: &str = "-----";
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let after_begin = &rest[start + BEGIN.len()..];
        let Some(label_len) = after_begin.find(DASHES) else { break };
        let label = &after_begin[..label_len];
        let after_label = &after_begin[label_len + DASHES.len()..];
        let end_marker = format!("-----END {label}-----");
        let Some(body_len) = after_label.find(&end_marker) else { break };
        let body = &after_label[..body_len];
        rest = &after_label[body_len + end_marker.len()..];
        out.push_str(&format!("{BEGIN}{label}{DASHES}\n"));
        if body.contains(':') {
            out.push_str(body.trim_matches(|c| c == '\r' || c == '\n'));
            out.push('\n');
        } else {
            let base64: Vec<u8> = body
                .chars()
                .filter_map(|c| match c {
                    ' ' => Some(b'+'),
                    c if c.is_whitespace() => None,
                    c => u8::try_from(c).ok(),
                })
                .collect();
            for line in base64.chunks(64) {
                out.push_str(&String::from_utf8_lossy(line));
                out.push('\n');
            }
        }
        out.push_str(&end_marker);
        out.push('\n');
    }
    if out.is_empty() { text.to_owned() } else { out }
}

/// The SubjectPublicKeyInfo (DER) of a PEM private key the TLS layer can use.
fn public_key_of(pem: &str) -> Result<Vec<u8>, String> {
    let der = PrivateKeyDer::from_pem_slice(pem.as_bytes()).map_err(|_| {
        if pem.contains("ENCRYPTED") {
            "is encrypted: give the key without a passphrase (openssl pkey -in key.pem)".to_string()
        } else {
            "is not a PEM private key (PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY` or SEC1 `EC PRIVATE KEY`)"
                .to_string()
        }
    })?;
    let signing_key = rustls::crypto::ring::sign::any_supported_type(&der).map_err(|_| {
        "is a key the TLS layer cannot use: give RSA of 2048 bits or more, ECDSA P-256 or P-384, or Ed25519".to_string()
    })?;
    signing_key
        .public_key()
        .map(|spki| spki.as_ref().to_vec())
        .ok_or_else(|| "is a key whose public half cannot be compared with the certificate".to_string())
}

/// The DER certificates of a PEM chain; at least one.
fn certificates_of(pem: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let chain = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("is not valid PEM: {e}"))?;
    if chain.is_empty() {
        return Err("holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)".into());
    }
    Ok(chain)
}

fn info_of(leaf: &X509Certificate<'_>, der: &[u8]) -> CertificateInfo {
    let mut dns_names: Vec<String> = leaf
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|name| match name {
                    GeneralName::DNSName(dns) => Some(dns.to_ascii_lowercase()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    dns_names.dedup();
    let time = |seconds: i64| Utc.timestamp_opt(seconds, 0).single().unwrap_or_default();
    CertificateInfo {
        subject: leaf.subject().to_string(),
        dns_names,
        issuer: leaf.issuer().to_string(),
        not_before: time(leaf.validity().not_before.timestamp()),
        not_after: time(leaf.validity().not_after.timestamp()),
        sha256_fingerprint: hex::encode(Sha256::digest(der)),
    }
}

fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, DnType, KeyPair, date_time_ymd};

    fn pair(names: &[&str], from: (i32, u8, u8), to: (i32, u8, u8)) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
        params.distinguished_name.push(DnType::CommonName, names.first().copied().unwrap_or("nobody"));
        params.not_before = date_time_ymd(from.0, from.1, from.2);
        params.not_after = date_time_ymd(to.0, to.1, to.2);
        let cert = params.self_signed(&key).unwrap();
        (key.serialize_pem(), cert.pem())
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 6, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn a_matching_valid_pair_is_described() {
        let (key, crt) = pair(&["mail.example.com", "*.example.com"], (2030, 1, 1), (2031, 1, 1));
        let checked = check_pair("web.example.com", &key, &crt, now()).unwrap();
        assert_eq!(checked.info.dns_names, ["mail.example.com", "*.example.com"]);
        assert_eq!(checked.info.subject, "CN=mail.example.com");
        assert_eq!(checked.info.not_after, Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap());
        assert_eq!(checked.info.sha256_fingerprint.len(), 64);
    }

    #[test]
    fn every_problem_is_named_on_its_input() {
        let (key, crt) = pair(&["mail.example.com"], (2020, 1, 1), (2021, 1, 1));
        let (other_key, _) = pair(&["mail.example.com"], (2030, 1, 1), (2031, 1, 1));
        let problems = check_pair("web.other.test", &other_key, &crt, now()).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(matches!(&problems[0], Problem::Certificate(m) if m.contains("does not cover web.other.test")));
        assert!(matches!(&problems[1], Problem::Certificate(m) if m.starts_with("expired on 2021-01-01")));
        assert!(matches!(&problems[2], Problem::Key(m) if m.starts_with("does not match")));
        assert!(check_pair("mail.example.com", &key, &crt, Utc.with_ymd_and_hms(2020, 6, 1, 0, 0, 0).unwrap()).is_ok());
        let early = check_pair("mail.example.com", &key, &crt, Utc.with_ymd_and_hms(2019, 6, 1, 0, 0, 0).unwrap());
        assert!(matches!(&early.unwrap_err()[0], Problem::Certificate(m) if m.starts_with("is not valid before")));
    }

    #[test]
    fn garbage_is_refused_precisely() {
        let (key, crt) = pair(&["mail.example.com"], (2030, 1, 1), (2031, 1, 1));
        let problems = check_pair("mail.example.com", "not a key", "not a certificate", now()).unwrap_err();
        assert!(matches!(&problems[..], [Problem::Key(_), Problem::Certificate(_)]), "{problems:?}");
        let swapped = check_pair("mail.example.com", &crt, &key, now()).unwrap_err();
        assert!(matches!(&swapped[..], [Problem::Key(_), Problem::Certificate(_)]), "{swapped:?}");
    }

    #[test]
    fn pem_mangled_by_form_decoding_is_repaired() {
        let (key, crt) = pair(&["mail.example.com"], (2030, 1, 1), (2031, 1, 1));
        // `curl -d "key=$(cat key.pem)"`: every '+' arrives as ' '; `-d @file`: no line breaks.
        let mangled_key = key.replace('+', " ");
        let flat_crt = crt.replace('\n', "");
        let checked = check_pair("mail.example.com", &mangled_key, &flat_crt, now()).unwrap();
        assert_eq!(checked.key.expose(), key);
        assert_eq!(checked.certificate_pem, crt.replace("\r\n", "\n"));
    }

    #[test]
    fn wildcards_cover_one_label() {
        let names = vec!["*.example.com".to_string(), "example.org".to_string()];
        assert!(covers(&names, "mail.example.com"));
        assert!(covers(&names, "EXAMPLE.org"));
        assert!(!covers(&names, "example.com"));
        assert!(!covers(&names, "a.b.example.com"));
        assert!(!covers(&names, "mail.example.org"));
    }
}
