//! Compiles `proto/pbm/v2/*.proto` with protox (no system `protoc`) into Rust
//! types, tonic servers and clients, and writes the descriptor set that
//! server reflection serves (`$OUT_DIR/pbm_descriptor.bin`).
//!
//! Also embeds the admin panel: every file of the committed bundle
//! `web/admin/dist/`, with a gzip copy made here (`$OUT_DIR/admin_assets.rs`,
//! read by `src/admin_ui.rs`). Building pbm needs no Node.

use std::{
    env, fs,
    io::Write as _,
    path::{Path, PathBuf},
};

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    // sqlx::migrate! embeds the migrations: a new one must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
    let mut protos: Vec<PathBuf> =
        fs::read_dir("proto/pbm/v2")?.map(|entry| entry.map(|e| e.path())).collect::<Result<_, _>>()?;
    protos.retain(|p| p.extension().is_some_and(|ext| ext == "proto"));
    protos.sort();

    let descriptors = protox::compile(&protos, ["proto"])?;
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(out_dir.join("pbm_descriptor.bin"), descriptors.encode_to_vec())?;

    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .generate_default_stubs(true)
        .compile_fds(descriptors)?;

    embed_admin_panel(Path::new("web/admin/dist"), &out_dir)?;
    Ok(())
}

/// Writes `$OUT_DIR/admin_assets.rs`: one `AdminAsset` per file of `dist`
/// (path relative to it, the file's bytes, a gzip copy when smaller).
fn embed_admin_panel(dist: &Path, out_dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    files.sort();
    if !files.iter().any(|f| f == &dist.join("index.html")) {
        return Err(format!("{} has no index.html: the admin panel bundle is missing", dist.display()).into());
    }
    let gzip_dir = out_dir.join("admin-gzip");
    fs::create_dir_all(&gzip_dir)?;
    let mut code = String::from(
        "/// Every file of web/admin/dist, embedded at compile time.\npub static ADMIN_ASSETS: &[AdminAsset] = &[\n",
    );
    for (index, file) in files.iter().enumerate() {
        let bytes = fs::read(file)?;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&bytes)?;
        let compressed = encoder.finish()?;
        let gzip = if compressed.len() < bytes.len() {
            let path = gzip_dir.join(format!("{index}.gz"));
            fs::write(&path, &compressed)?;
            format!("Some(include_bytes!({:?}))", path.display().to_string())
        } else {
            "None".to_owned()
        };
        let relative =
            file.strip_prefix(dist)?.to_str().ok_or("non-UTF-8 file name in web/admin/dist")?.replace('\\', "/");
        let absolute = fs::canonicalize(file)?;
        code.push_str(&format!(
            "    AdminAsset {{ path: {relative:?}, body: include_bytes!({:?}), gzip: {gzip} }},\n",
            absolute.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("admin_assets.rs"), code)?;
    Ok(())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
