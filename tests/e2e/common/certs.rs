//! TLS keys and certificates for web domain tests, made with rcgen: valid,
//! expired, for another name, and a key that belongs to another
//! certificate. ECDSA keys are generated; the RSA key is a test-only fixture
//! (ring cannot generate RSA keys).

use rcgen::{CertificateParams, DnType, KeyPair, PKCS_RSA_SHA256, date_time_ymd};

/// A test-only 2048-bit RSA key (PKCS#8). Never use it for anything else.
pub const RSA_KEY_PEM: &str = include_str!("../fixtures/test-only-rsa-2048.key.pem");

/// A PEM key and a PEM certificate chain.
pub struct Pair {
    pub key: String,
    pub crt: String,
}

/// How a test certificate should be.
pub struct Spec<'a> {
    /// subjectAltName DNS names (the first is also the CN).
    pub names: &'a [&'a str],
    /// Validity as (year, month, day) pairs.
    pub from: (i32, u8, u8),
    pub until: (i32, u8, u8),
    /// Use the RSA fixture key instead of a fresh ECDSA P-256 key.
    pub rsa: bool,
}

impl Spec<'_> {
    /// Valid now (2020–2099) for `names`.
    pub fn valid<'a>(names: &'a [&'a str]) -> Spec<'a> {
        Spec { names, from: (2020, 1, 1), until: (2099, 1, 1), rsa: false }
    }
}

/// A self-signed certificate as specified, with its key.
pub fn pair(spec: Spec<'_>) -> Pair {
    let key = if spec.rsa {
        KeyPair::from_pem_and_sign_algo(RSA_KEY_PEM, &PKCS_RSA_SHA256).expect("RSA fixture key")
    } else {
        KeyPair::generate().expect("ECDSA key")
    };
    let mut params =
        CertificateParams::new(spec.names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).expect("names");
    params.distinguished_name.push(DnType::CommonName, spec.names.first().copied().unwrap_or("test"));
    params.not_before = date_time_ymd(spec.from.0, spec.from.1, spec.from.2);
    params.not_after = date_time_ymd(spec.until.0, spec.until.1, spec.until.2);
    let cert = params.self_signed(&key).expect("self-signed certificate");
    Pair { key: key.serialize_pem(), crt: cert.pem() }
}

/// A valid ECDSA pair for `name`.
pub fn valid(name: &str) -> Pair {
    pair(Spec::valid(&[name]))
}

/// A pair for `name` that expired in 2021.
pub fn expired(name: &str) -> Pair {
    pair(Spec { names: &[name], from: (2020, 1, 1), until: (2021, 1, 1), rsa: false })
}
