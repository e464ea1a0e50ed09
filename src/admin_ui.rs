//! The admin panel (`web/admin/`), served at `/admin/` on pbm's one port.
//!
//! The panel is a single-page app that talks to pbm like any other client,
//! over grpc-web with bearer tokens; this module only hands out its files.
//! They are embedded at compile time from the committed bundle
//! `web/admin/dist/` (see `build.rs`, which also makes a gzip copy of each),
//! so building and running pbm needs no Node and the panel works air-gapped.
//!
//! - `/` and `/admin` redirect to `/admin/`.
//! - `/admin/assets/…` are content-hashed: cached for a year, `immutable`;
//!   a name not in the bundle is 404.
//! - Every other path under `/admin/` is a screen of the app (it routes by
//!   path) and answers `index.html`, which is never cached, so a new pbm
//!   serves its new bundle at once.
//! - Every answer carries a strict Content-Security-Policy (scripts and
//!   styles from the bundle only, no inline code, no framing, requests to
//!   this origin only), `X-Content-Type-Options: nosniff`,
//!   `Referrer-Policy: no-referrer` and `X-Frame-Options: DENY`.
//! - Bodies go gzip-compressed to clients that accept it (`Vary:
//!   Accept-Encoding`).

use axum::{
    Router,
    body::Body,
    extract::Path,
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

/// One file of the bundle.
#[derive(Debug)]
pub struct AdminAsset {
    /// Path relative to `web/admin/dist/`, e.g. `assets/main-185b221f.js`.
    pub path: &'static str,
    /// The file as built.
    pub body: &'static [u8],
    /// Its gzip encoding, when smaller.
    pub gzip: Option<&'static [u8]>,
}

include!(concat!(env!("OUT_DIR"), "/admin_assets.rs"));

/// Where the panel lives.
pub const BASE: &str = "/admin/";

/// The Content-Security-Policy of every panel response: only the bundle's
/// own scripts and styles (no inline code, no eval), pictures from the
/// bundle or made in the page (avatars, the login picture), requests to this
/// origin only, and no framing by anyone.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// `Cache-Control` of the hashed assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of `index.html` and of every other answer.
pub const NOT_CACHED: &str = "no-store";

/// The routes of the panel, to merge into pbm's router.
pub fn router() -> Router {
    Router::new()
        .route("/", get(redirect))
        .route("/admin", get(redirect))
        .route("/admin/", get(index))
        .route("/admin/{*path}", get(file))
}

/// The asset at `path` (relative to the bundle), if the bundle has it.
pub fn asset(path: &str) -> Option<&'static AdminAsset> {
    ADMIN_ASSETS.iter().find(|a| a.path == path)
}

/// The bundle's `index.html`.
pub fn index_html() -> &'static AdminAsset {
    asset("index.html").expect("build.rs refuses a bundle without index.html")
}

async fn redirect() -> Response {
    let mut response = StatusCode::TEMPORARY_REDIRECT.into_response();
    response.headers_mut().insert(header::LOCATION, HeaderValue::from_static(BASE));
    secure(response, NOT_CACHED)
}

async fn index(headers: HeaderMap) -> Response {
    send(index_html(), &headers)
}

async fn file(Path(path): Path<String>, headers: HeaderMap) -> Response {
    if let Some(found) = asset(&path).filter(|a| a.path != "index.html") {
        return send(found, &headers);
    }
    if path.starts_with("assets/") {
        let response = (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "not found\n");
        return secure(response.into_response(), NOT_CACHED);
    }
    // A screen of the app (e.g. /admin/t/acme/users/ivan@acme.ru): the app routes it.
    send(index_html(), &headers)
}

fn send(asset: &'static AdminAsset, request: &HeaderMap) -> Response {
    let gzip = asset.gzip.filter(|_| accepts_gzip(request));
    let mut response = Response::new(Body::from(gzip.unwrap_or(asset.body)));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(asset.path)));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if gzip.is_some() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    let cache = if asset.path.starts_with("assets/") { IMMUTABLE } else { NOT_CACHED };
    secure(response, cache)
}

/// Adds the security headers and `Cache-Control`.
fn secure(mut response: Response, cache: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
    headers.insert(HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("same-origin"));
    response
}

/// The media type of a bundle file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether `Accept-Encoding` allows gzip (`gzip`, `x-gzip` or `*` with a
/// q-value above zero; an explicit `gzip;q=0` refuses it).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut star = false;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match coding.as_str() {
                "gzip" | "x-gzip" => return q > 0.0,
                "*" => star = q > 0.0,
                _ => {}
            }
        }
    }
    star
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn gzip_is_sent_only_when_accepted() {
        assert!(accepts_gzip(&accept("gzip, deflate, br")));
        assert!(accepts_gzip(&accept("br;q=1.0, gzip;q=0.8")));
        assert!(accepts_gzip(&accept("*")));
        assert!(!accepts_gzip(&accept("gzip;q=0")));
        assert!(!accepts_gzip(&accept("br, *;q=0")));
        assert!(!accepts_gzip(&accept("identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_bundle_has_an_index_that_loads_hashed_assets_without_inline_code() {
        let html = std::str::from_utf8(index_html().body).unwrap();
        let referenced = referenced_assets(html);
        assert!(referenced.iter().any(|p| p.ends_with(".js")), "{html}");
        assert!(referenced.iter().any(|p| p.ends_with(".css")), "{html}");
        for path in &referenced {
            let found = asset(path).unwrap_or_else(|| panic!("index.html loads {path}, which the bundle lacks"));
            let name = found.path.rsplit('/').next().unwrap();
            assert!(name.contains('-'), "{name} carries no content hash");
        }
        // CSP allows no inline script or style: every script is a file, no style attribute or element.
        assert_eq!(html.matches("<script").count(), html.matches("<script type=\"module\" src=").count(), "{html}");
        assert!(!html.contains("<style") && !html.contains("style="), "{html}");
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"), "{CONTENT_SECURITY_POLICY}");
    }

    /// The issue's budget: the whole first load at most 300 KB as sent (gzip).
    #[test]
    fn the_first_load_fits_the_budget() {
        let html = std::str::from_utf8(index_html().body).unwrap();
        let mut total = index_html().gzip.map_or(index_html().body.len(), <[u8]>::len);
        for path in referenced_assets(html) {
            let a = asset(&path).unwrap();
            total += a.gzip.map_or(a.body.len(), <[u8]>::len);
        }
        assert!(total <= 300_000, "first load {total} B compressed, over the 300 KB budget");
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/main-AB12.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("assets/main-AB12.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("assets/icon-1.svg"), "image/svg+xml");
        assert_eq!(content_type("assets/x"), "application/octet-stream");
    }

    /// The bundle paths `index.html` loads (`/admin/…` in src and href).
    fn referenced_assets(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        for attr in ["src=\"/admin/", "href=\"/admin/"] {
            let mut rest = html;
            while let Some(start) = rest.find(attr) {
                let after = &rest[start + attr.len()..];
                let end = after.find('"').unwrap();
                out.push(after[..end].to_owned());
                rest = &after[end..];
            }
        }
        out
    }
}
